import { ErrorCode } from '@laglig/contracts';
import type { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

function fakeRepository(overrides: Partial<Record<keyof SearchRepository, unknown>> = {}): SearchRepository & { calls: string[] } {
  const calls: string[] = [];
  const repo = {
    calls,
    lexemes: async (q: string) => {
      calls.push(`lexemes:${q}`);
      return q.split(' ');
    },
    fulltext: async (query: { query: string }) => {
      calls.push(`fulltext:${query.query}`);
      return [{ sfs: '1977:480', title: 'Semesterlag (1977:480)', anchor: 'P4', label: '4 §', snippet: ' rätt till  «semesterdagar» ', rank: 2.5, total: 1 }];
    },
    documentBySfs: async (sfs: string) => {
      calls.push(`document:${sfs}`);
      return sfs === '1977:1160' ? { sfs, title: 'Arbetsmiljölag (1977:1160)', preamble: 'Lagens ändamål är ...' } : null;
    },
    sfsByTitleStem: async (stem: string) => {
      calls.push(`stem:${stem}`);
      return stem === 'sjölag' ? ['1994:1009'] : [];
    },
    sectionsByReference: async (ref: { sfs: string | null; chapter: string | null; section: string; anchor: string | null }) => {
      calls.push(`section:${ref.sfs}:${ref.chapter}:${ref.section}:${ref.anchor}`);
      return { rows: [{ sfs: '1977:1160', title: 'Arbetsmiljölag (1977:1160)', anchor: 'K3P2a', label: '3 kap. 2 a §', text: 'Arbetsgivaren ska ...' }], total: 1 };
    },
    firstSectionOfChapter: async () => null,
    ...overrides,
  };
  return repo as unknown as SearchRepository & { calls: string[] };
}

describe('SearchService', () => {
  it('refuses an empty query with INVALID_INPUT and a Swedish message', async () => {
    const result = await new SearchService(fakeRepository()).search({ q: '   ' });
    expect(result).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT, message: 'Sökfrågan får inte vara tom' });
  });

  it('answers an SFS number by reference', async () => {
    const repo = fakeRepository();
    const result = await new SearchService(repo).search({ q: '1977:1160' });
    expect(result).toMatchObject({ ok: true, value: { mode: 'reference', total: 1, hits: [{ sfs: '1977:1160', anchor: null }] } });
    expect(repo.calls).not.toContainEqual(expect.stringMatching(/^fulltext/));
  });

  it('resolves "AML 3:2a" to the exact section', async () => {
    const repo = fakeRepository();
    const result = await new SearchService(repo).search({ q: 'AML 3:2a' });
    expect(repo.calls).toContain('section:1977:1160:3:2 a:K3P2a');
    expect(result).toMatchObject({ ok: true, value: { mode: 'reference', hits: [{ anchor: 'K3P2a', label: '3 kap. 2 a §' }] } });
  });

  it('resolves a statute named by its title ("sjölagen")', async () => {
    const repo = fakeRepository();
    await new SearchService(repo).search({ q: 'sjölagen' });
    expect(repo.calls).toEqual(['stem:sjölag', 'document:1994:1009']);
  });

  it('resolves a common name from the alias list without a title lookup ("föräldraledighetslagen")', async () => {
    const repo = fakeRepository();
    await new SearchService(repo).search({ q: 'föräldraledighetslagen' });
    expect(repo.calls).toEqual(['document:1995:584']);
  });

  it('searches questions as full text and tidies snippets', async () => {
    const repo = fakeRepository();
    const result = await new SearchService(repo).search({ q: 'semesterdag rätt', page: 1, pageSize: 5 });
    expect(repo.calls).toContain("fulltext:'semesterdag':* | 'rätt'");
    expect(result).toMatchObject({
      ok: true,
      value: { mode: 'fulltext', total: 1, page: 1, pageSize: 5, hits: [{ snippet: 'rätt till «semesterdagar»', rank: 2.5 }] },
    });
  });

  it('returns an empty full-text result when only stop words remain', async () => {
    const repo = fakeRepository({ lexemes: async () => [] });
    const result = await new SearchService(repo).search({ q: 'och' });
    expect(result).toMatchObject({ ok: true, value: { mode: 'fulltext', total: 0, hits: [] } });
  });
});
