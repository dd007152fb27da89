import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  SearchInputSchema,
  refuse,
  succeed,
  type OperationResult,
  type SearchHit,
  type SearchInput,
  type SearchResult,
} from '@laglig/contracts';
import { chapterAnchor, LAW_ALIASES, parseSectionReference, type SectionReference } from '@laglig/sfs-parser';
import { buildOrQuery, excerpt, isReferenceQuery, lawNameIn } from './query';
import { QUERY_CANCELED, SearchRepository } from './search.repository';

/**
 * Search over the catalog. A query that is a reference ("1977:1160",
 * "3 kap. 2 a § arbetsmiljölagen", "AML 3:2a") is answered exactly; anything
 * else is Swedish full text with OR semantics over the current sections.
 */
@Injectable()
export class SearchService {
  constructor(private readonly repository: SearchRepository) {}

  async search(input: SearchInput): Promise<OperationResult<SearchResult>> {
    const parsed = SearchInputSchema.safeParse(input);
    if (!parsed.success) {
      return refuse(ErrorCode.INVALID_INPUT, parsed.error.issues[0]?.message ?? 'Ogiltig sökfråga');
    }
    const { q, page, pageSize } = parsed.data;
    const reference = await this.asReference(q);
    if (reference) return succeed(await this.byReference(q, reference, page, pageSize));
    try {
      return succeed(await this.fulltext(q, page, pageSize));
    } catch (error) {
      if ((error as { driverError?: { code?: string }; code?: string }).driverError?.code === QUERY_CANCELED ||
          (error as { code?: string }).code === QUERY_CANCELED) {
        return refuse(ErrorCode.TIMEOUT, 'Sökningen tog för lång tid. Gör frågan mer specifik, till exempel med lagens namn.');
      }
      throw error;
    }
  }

  /** The query as an exact reference, or null when it should be searched as words. */
  private async asReference(q: string): Promise<{ ref: SectionReference | null; sfs: string | null } | null> {
    const ref = parseSectionReference(q);
    let sfs = ref?.sfs ?? null;
    const name = lawNameIn(q);
    if (!sfs && name) sfs = (await this.repository.sfsByTitleStem(name.stem))[0] ?? null;
    const ignore = [...Object.keys(LAW_ALIASES), ...(name ? [name.word] : [])];
    return isReferenceQuery(q, ref, sfs, ignore) ? { ref, sfs } : null;
  }

  private async byReference(
    query: string,
    { ref, sfs }: { ref: SectionReference | null; sfs: string | null },
    page: number,
    pageSize: number,
  ): Promise<SearchResult> {
    const result: SearchResult = { query, mode: 'reference', total: 0, page, pageSize, hits: [] };
    const offset = (page - 1) * pageSize;
    if (ref?.section) {
      const { rows, total } = await this.repository.sectionsByReference(
        { sfs, chapter: ref.chapter ?? null, section: ref.section, anchor: ref.anchor ?? null },
        pageSize,
        offset,
      );
      result.total = total;
      result.hits = rows.map((row, i) => ({
        sfs: row.sfs,
        title: row.title,
        anchor: row.anchor,
        label: row.label || null,
        snippet: excerpt(row.text),
        rank: 1 / (offset + i + 1),
      }));
      return result;
    }
    if (!sfs) return result;
    if (ref?.chapter) {
      const first = await this.repository.firstSectionOfChapter(sfs, ref.chapter);
      if (first) {
        result.total = 1;
        if (offset === 0) {
          result.hits = [
            { sfs: first.sfs, title: first.title, anchor: chapterAnchor(ref.chapter), label: `${ref.chapter} kap.`, snippet: excerpt(first.text), rank: 1 },
          ];
        }
      }
      return result;
    }
    const document = await this.repository.documentBySfs(sfs);
    if (document) {
      result.total = 1;
      if (offset === 0) {
        result.hits = [
          { sfs: document.sfs, title: document.title, anchor: null, label: null, snippet: excerpt(document.preamble ?? document.title), rank: 1 },
        ];
      }
    }
    return result;
  }

  private async fulltext(query: string, page: number, pageSize: number): Promise<SearchResult> {
    const result: SearchResult = { query, mode: 'fulltext', total: 0, page, pageSize, hits: [] };
    const orQuery = buildOrQuery(await this.repository.lexemes(query));
    if (!orQuery) return result;
    const rows = await this.repository.fulltext(orQuery, pageSize, (page - 1) * pageSize);
    result.total = rows[0]?.total ?? 0;
    result.hits = rows.map(
      (row): SearchHit => ({
        sfs: row.sfs,
        title: row.title,
        anchor: row.anchor,
        label: row.label,
        snippet: row.snippet.replace(/\s+/g, ' ').trim(),
        rank: Number(row.rank),
      }),
    );
    return result;
  }
}
