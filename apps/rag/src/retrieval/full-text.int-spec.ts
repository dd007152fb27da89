import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { LawDocument, LawSection, LawStructure } from '@laglig/contracts';
import { serviceDataSourceOptions } from '@laglig/persistence';
import { bundledLawDocument, createTestDatabase, type TestDatabase } from '@laglig/testing';
import { persistence } from '../data-source';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { IndexerService } from '../indexer/indexer.service';
import { RetrievalService } from './retrieval.service';

const CORPUS = join(__dirname, '../../../../data/sfs');

function sectionsOf(nodes: LawStructure['body']): LawSection[] {
  return nodes.flatMap((n) => (n.type === 'paragraf' ? [n] : n.type === 'rubrik' ? [] : sectionsOf(n.children as LawStructure['body'])));
}

/** rag.lexeme_df (maintained by triggers) and the BM25-like full text, on real PostgreSQL. */
describe('full-text statistics and search', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let indexer: IndexerService;
  let retrieval: RetrievalService;
  const embeddings = new LocalEmbeddingProvider();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(serviceDataSourceOptions({ ...persistence, url: db.url, poolSize: 3, logging: ['error'] }));
    await ds.initialize();
    indexer = new IndexerService(ds, null as never, embeddings);
    retrieval = new RetrievalService(ds, embeddings, null);
    for (const sfs of ['1977:480', '1982:80']) await ds.transaction((tx) => indexer.replaceChunks(tx, bundledLawDocument(sfs, CORPUS)));
  }, 60_000);

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  /** Sections 1 §, 2 §, … of a made-up "Fågellag" with these texts, embedded by the local model. */
  async function insertSections(sfs: string, texts: string[]): Promise<void> {
    const vectors = await embeddings.embed(texts);
    for (const [i, text] of texts.entries()) {
      await ds.query(
        `INSERT INTO rag.chunks (sfs, version_id, position, anchor, label, law_title, text, content_hash, embedding, embedding_model)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, md5($6), $7, $8)`,
        [sfs, i, `P${i + 1}`, `${i + 1} §`, `Fågellag (${sfs})`, text, `[${vectors[i].join(',')}]`, embeddings.id],
      );
    }
  }

  /** Lexemes whose maintained frequency differs from a full recount (ts_stat over all chunks). */
  async function drift(): Promise<unknown[]> {
    return ds.query(`
      SELECT coalesce(d.lexeme, s.word) AS lexeme, d.df, s.ndoc
        FROM (SELECT lexeme, df FROM rag.lexeme_df WHERE lexeme <> '') d
        FULL JOIN ts_stat('SELECT tsv FROM rag.chunks') s ON s.word = d.lexeme
       WHERE d.df IS DISTINCT FROM s.ndoc
      UNION ALL
      SELECT '', df, (SELECT count(*)::int FROM rag.chunks) FROM rag.lexeme_df WHERE lexeme = '' AND df <> (SELECT count(*) FROM rag.chunks)`);
  }

  it('keeps document frequencies equal to a recount through inserts, re-indexing, updates, deletes and truncation', async () => {
    const [{ n }] = (await ds.query(`SELECT df AS n FROM rag.lexeme_df WHERE lexeme = ''`)) as Array<{ n: number }>;
    expect(n).toBeGreaterThan(100);
    expect(await drift()).toEqual([]);

    const law = bundledLawDocument('1977:480', CORPUS);
    const changed: LawDocument = structuredClone(law);
    const p4 = sectionsOf(changed.structure.body).find((s) => s.anchor === 'P4') as LawSection;
    p4.text = 'En arbetstagare har rätt till trettio semesterdagar varje semesterår och en zebrafink.';
    await ds.transaction((tx) => indexer.replaceChunks(tx, changed));
    expect(await drift()).toEqual([]);
    expect(await ds.query(`SELECT df FROM rag.lexeme_df WHERE lexeme = 'zebrafink'`)).toEqual([{ df: 1 }]);

    await ds.query(`UPDATE rag.chunks SET text = replace(text, 'zebrafink', 'kanariefågel') WHERE sfs = '1977:480'`);
    expect(await drift()).toEqual([]);
    expect(await ds.query(`SELECT df FROM rag.lexeme_df WHERE lexeme = 'zebrafink'`)).toEqual([]);

    await ds.query(`DELETE FROM rag.chunks WHERE sfs = '1982:80'`);
    expect(await drift()).toEqual([]);

    await ds.transaction(async (tx) => {
      await tx.query(`TRUNCATE rag.chunks`);
      expect(await tx.query(`SELECT lexeme, df FROM rag.lexeme_df`)).toEqual([{ lexeme: '', df: 0 }]);
      throw new Error('rollback');
    }).catch((e: Error) => expect(e.message).toBe('rollback'));

    for (const sfs of ['1977:480', '1982:80']) await ds.transaction((tx) => indexer.replaceChunks(tx, bundledLawDocument(sfs, CORPUS)));
    expect(await drift()).toEqual([]);
  });

  it('ranks by the rare words of the question, not by "får" and "ska"', async () => {
    const result = await retrieval.search({ query: 'Får och ska en arbetstagare få semesterlön?', k: 5 });
    expect(result.ok).toBe(true);
    const hits = result.ok ? result.value.hits : [];
    expect(hits[0]).toMatchObject({ sfs: '1977:480' });
    expect(hits[0].text.toLowerCase()).toContain('semesterlön');
  });

  it('meets compounds from both sides: a head matches longer compounds, an unknown compound is split', async () => {
    await insertSections('2099:1', ['En zebrafink ska hållas i en bur.', 'Zebrafinkhållning anmäls till kommunen.']);
    const fullTextHits = async (query: string) => {
      const result = await retrieval.search({ query, k: 10 });
      return result.ok ? result.value.hits.filter((h) => h.fullTextRank !== null).map((h) => h.anchor) : [];
    };
    // "zebrafink" also finds "Zebrafinkhållning" (prefix 'zebrafink':*), below the exact match.
    expect(await fullTextHits('zebrafink')).toEqual(['P1', 'P2']);
    // "zebrafinksburar" is in no statute: read as "zebrafink" + "burar", both of which are.
    expect((await fullTextHits('zebrafinksburar'))[0]).toBe('P1');
    await ds.query(`DELETE FROM rag.chunks WHERE sfs = '2099:1'`);
  });

  it('above twoWordsAbove selects chunks with two question words first, and bounds the rest by maxCandidates', async () => {
    await insertSections('2099:2', ['En zebrafink och en kanariefågel får hållas i samma bur.', 'En zebrafink får inte säljas.', 'En kanariefågel får inte säljas.']);
    const ranks = async (query: string, k: number) => {
      const result = await retrieval.search({ query, k });
      return result.ok ? result.value.hits.filter((h) => h.sfs === '2099:2' && h.fullTextRank !== null).map((h) => h.anchor) : [];
    };
    const shipped = retrieval.tuning;
    try {
      // Every question counts as large. The service wants 50 candidates; two words find one chunk (P1),
      // so it adds the best of at most maxCandidates chunks with either word.
      retrieval.tuning = { ...shipped, fullText: { ...shipped.fullText, twoWordsAbove: 0, maxCandidates: 1 } };
      const bounded = await ranks('zebrafink kanariefågel', 10);
      expect(bounded[0]).toBe('P1');
      expect(bounded.length).toBeLessThanOrEqual(2);
      retrieval.tuning = { ...shipped, fullText: { ...shipped.fullText, twoWordsAbove: 0, maxCandidates: 5000 } };
      expect((await ranks('zebrafink kanariefågel', 10)).sort()).toEqual(['P1', 'P2', 'P3']);
    } finally {
      retrieval.tuning = shipped;
      await ds.query(`DELETE FROM rag.chunks WHERE sfs = '2099:2'`);
    }
  });

  it('returns nothing from full text for a question of words the index does not have', async () => {
    const result = await retrieval.search({ query: 'asdfgh qwerty zxcvb', k: 5 });
    const hits = result.ok ? result.value.hits : [];
    expect(hits.every((h) => h.fullTextRank === null)).toBe(true);
  });

  it('indexes the chapter title at weight C, so a chapter\'s subject reaches sections that do not repeat it', async () => {
    await ds.transaction((tx) => indexer.replaceChunks(tx, bundledLawDocument('1977:1160', CORPUS)));
    const rows: Array<{ anchor: string; chapter_title: string; in_text: boolean; title_rank: number }> = await ds.query(
      `SELECT anchor, chapter_title, to_tsvector('swedish', text) @@ to_tsquery('swedish', 'minderåriga') AS in_text,
              ts_rank('{0, 1, 0, 0}', tsv, to_tsquery('swedish', 'minderåriga'))::float8 AS title_rank
         FROM rag.chunks WHERE sfs = '1977:1160' AND chapter = '5' ORDER BY position`,
    );
    expect(rows.length).toBeGreaterThan(2);
    expect(new Set(rows.map((r) => r.chapter_title))).toEqual(new Set(['Minderåriga']));
    expect(rows.every((r) => r.title_rank > 0)).toBe(true);
    // At least one section of 5 kap. says "minderårig" only through its chapter title.
    expect(rows.some((r) => !r.in_text)).toBe(true);
    expect(await drift()).toEqual([]);

    // The row trigger keeps tsv current on an update, and nobody can write it by hand.
    await ds.query(`UPDATE rag.chunks SET chapter_title = 'Zebrafinkar' WHERE sfs = '1977:1160' AND chapter = '5'`);
    await ds.query(`UPDATE rag.chunks SET tsv = to_tsvector('swedish', 'ingenting') WHERE sfs = '1977:1160' AND chapter = '6'`);
    const [after] = (await ds.query(
      `SELECT count(*) FILTER (WHERE chapter = '5' AND tsv @@ to_tsquery('swedish', 'zebrafinkar') AND NOT tsv @@ to_tsquery('swedish', 'minderåriga & !minderårig'))::int AS five,
              count(*) FILTER (WHERE chapter = '6' AND tsv @@ to_tsquery('swedish', 'samverkan'))::int AS six,
              count(*) FILTER (WHERE chapter = '6')::int AS six_total
         FROM rag.chunks WHERE sfs = '1977:1160'`,
    )) as Array<{ five: number; six: number; six_total: number }>;
    expect(after.five).toBe(rows.length);
    expect(after.six).toBe(after.six_total);
    expect(await drift()).toEqual([]);
  });
});
