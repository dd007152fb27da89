import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events as eventContracts, LawChangeSchema, LawDiffSchema, LawVersionsSchema, type LawChange } from '@laglig/contracts';
import { readFolderDocument } from '../ingestion/folder-source';
import { createCatalogTestContext, SFS_DIR, tableFingerprint, VERSIONS_DIR, type CatalogTestContext } from '../testing/test-support';

const versionText = (path: string): string => readFileSync(join(VERSIONS_DIR, path), 'utf8');

/** Change records from real consecutive versions (data/sfs + data/sfs/versions, see SOURCES.md "Pairs"). */
describe('change records from real versions (real PostgreSQL)', () => {
  let ctx: CatalogTestContext;

  const ingestBase = async (base: string): Promise<string> => {
    const result = await ctx.ingestion.ingest(await readFolderDocument(SFS_DIR, base));
    if (!result.ok) throw new Error(result.message);
    return result.value.versionId;
  };
  const changeRows = async (sfs: string): Promise<Array<{ id: string; kind: string; substantive: boolean }>> =>
    ctx.dataSource.query(`SELECT id, kind, substantive FROM law_catalog.law_changes WHERE sfs = $1 ORDER BY detected_at, id`, [sfs]);

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    for (const base of ['1977-1160', '1967-837', '1994-448', '2010-800']) await ingestBase(base);
    await ctx.flush();
  });
  afterAll(() => ctx?.close());

  it('records a new statute as kind "new" in the ingest transaction', async () => {
    const [row] = await changeRows('1977:1160');
    expect(row).toMatchObject({ kind: 'new', substantive: true });
    const change = await ctx.changes.get(row.id);
    expect(change.ok && change.value).toMatchObject({ sfs: '1977:1160', title: 'Arbetsmiljölag (1977:1160)', fromVersionId: null, sections: [] });
  });

  describe('Arbetsmiljölagen 1977:1160: 2024-04 (t.o.m. 2023:349) → Riksdagen 2025 (t.o.m. 2025:732)', () => {
    let change: LawChange;
    let oldVersionId: string;

    beforeAll(async () => {
      oldVersionId = (await ctx.repository.findWithCurrentVersion('1977:1160'))?.version.id as string;
      const source = await readFolderDocument(SFS_DIR, '1977-1160');
      const result = await ctx.ingestion.ingest({ ...source, text: versionText('1977-1160/2025-t.o.m.2025-732.riksdagen.txt'), amendedThrough: 't.o.m. SFS 2025:732' });
      if (!result.ok) throw new Error(result.message);
      expect(result.value.status).toBe('changed');
      const got = await ctx.changes.get(result.value.changeId as string);
      if (!got.ok) throw new Error(got.message);
      change = LawChangeSchema.parse(got.value);
    });

    it('is an amended change from the old to the new version, substantive, with the diff page url', () => {
      expect(change).toMatchObject({ kind: 'amended', fromVersionId: oldVersionId, amendingSfs: '2025:732', substantive: true });
      expect(change.url).toBe(`/lagar/1977:1160/andringar/${change.id}`);
    });

    it('finds the real amendments: 8 kap. 4 § repealed, 1 kap. 4 § and 6 kap. 17 § modified', () => {
      const byAnchor = new Map(change.sections.map((s) => [s.anchor, s]));
      expect(byAnchor.get('K8P4')).toMatchObject({ kind: 'repealed', label: '8 kap. 4 §', editorial: false, summary: 'Paragrafen upphävs (SFS 2024:804).' });
      expect(byAnchor.get('K1P4')).toMatchObject({ kind: 'modified', label: '1 kap. 4 §', editorial: false });
      expect(byAnchor.get('K1P4')?.summary).toContain('\u201Dsocialtjänstlagen (2001:453)\u201D ersätts av \u201Dsocialtjänstlagen (2025:400)\u201D');
      expect(byAnchor.get('K6P17')).toMatchObject({ kind: 'modified', editorial: false, summary: 'Upphör att gälla 2028-07-01.' });
      expect(byAnchor.get('K6P17-I2028-07-01')).toMatchObject({ kind: 'added', summary: 'Ny lydelse som träder i kraft 2028-07-01.' });
    });

    it('classifies the source format noise (dashes, line breaks) as editorial, not substantive', () => {
      const substantive = change.sections.filter((s) => !s.editorial).map((s) => s.anchor);
      expect(substantive.sort()).toEqual(['K1P4', 'K6P17', 'K6P17-I2028-07-01', 'K8P4']);
      // "2–4 och 7–9 kap." (SFST) vs "2-4 och 7-9 kap." (Riksdagen)
      expect(change.sections.find((s) => s.anchor === 'K1P3')).toMatchObject({ kind: 'modified', editorial: true, summary: 'Redaktionell ändring (skiljetecken/mellanslag).' });
      expect(change.sections.filter((s) => s.editorial).length).toBeGreaterThanOrEqual(10);
    });

    it('announces law.changed with the change id and the sections (deterministic event id)', async () => {
      const [event] = await ctx.flush();
      expect(event.id).toBe(`law.changed.${change.toVersionId}`);
      const payload = eventContracts['law.changed'].payload.parse(event.payload);
      expect(payload).toMatchObject({ changeId: change.id, previousVersionId: oldVersionId, versionId: change.toVersionId, substantive: true });
      expect(payload.sections).toEqual(change.sections);
      expect(payload.repealed).toEqual(['K8P4']);
      expect(payload.added).toEqual(['K6P17-I2028-07-01']);
      expect(payload.modified).toEqual(expect.arrayContaining(['K1P4', 'K6P17', 'K1P3']));
    });

    it('lists both versions, newest first', async () => {
      const result = await ctx.changes.versions('1977:1160');
      if (!result.ok) throw new Error(result.message);
      const versions = LawVersionsSchema.parse(result.value);
      expect(versions.items.map((v) => [v.id, v.current, v.amendedThrough])).toEqual([
        [change.toVersionId, true, 't.o.m. SFS 2025:732'],
        [oldVersionId, false, 't.o.m. SFS 2023:349'],
      ]);
    });

    it('diffs any two versions on demand, word by word, in either direction', async () => {
      const forward = await ctx.changes.diff({ sfs: '1977:1160', from: oldVersionId, to: change.toVersionId });
      if (!forward.ok) throw new Error(forward.message);
      const diff = LawDiffSchema.parse(forward.value);
      expect(diff.sections.map((s) => s.anchor)).toEqual(change.sections.map((s) => s.anchor));
      const k1p4 = diff.sections.find((s) => s.anchor === 'K1P4');
      expect(k1p4?.parts).toEqual(expect.arrayContaining([{ op: 'delete', text: '2001:453' }, { op: 'insert', text: '2025:400' }]));
      expect(diff.sections.find((s) => s.anchor === 'K8P4')).toMatchObject({ heading: 'Förverkande', kind: 'repealed' });

      const backward = await ctx.changes.diff({ sfs: '1977:1160', from: change.toVersionId, to: oldVersionId });
      expect(backward.ok && backward.value.sections.find((s) => s.anchor === 'K8P4')).toMatchObject({ kind: 'added' });
      expect(await ctx.changes.diff({ sfs: '1977:1160', from: oldVersionId, to: oldVersionId })).toMatchObject({
        ok: true,
        value: { substantive: false, sections: [] },
      });
    });

    it('answers NOT_FOUND for a version of another statute or an unknown one', async () => {
      const other = (await ctx.repository.findWithCurrentVersion('1994:448'))?.version.id as string;
      expect(await ctx.changes.diff({ sfs: '1977:1160', from: oldVersionId, to: other })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await ctx.changes.diff({ sfs: '1977:1160', from: '00000000-0000-4000-8000-000000000000', to: oldVersionId })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await ctx.changes.versions('1900:1')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await ctx.changes.get('00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    });

    it('writes nothing when the same text arrives again', async () => {
      const before = await tableFingerprint(ctx.dataSource);
      const source = await readFolderDocument(SFS_DIR, '1977-1160');
      const again = await ctx.ingestion.ingest({ ...source, text: versionText('1977-1160/2025-t.o.m.2025-732.riksdagen.txt'), amendedThrough: 't.o.m. SFS 2025:732' });
      expect(again).toMatchObject({ ok: true, value: { status: 'unchanged', changeId: null } });
      expect(await tableFingerprint(ctx.dataSource)).toEqual(before);
    });
  });

  it('records a repeal (Patentlag 1967:837 → repealed by 2024:945) as kind "repealed" with law.repealed', async () => {
    const source = await readFolderDocument(SFS_DIR, '1967-837');
    const result = await ctx.ingestion.ingest({
      ...source,
      text: versionText('1967-837/2025-01-02.upphavd-2024-945.txt'),
      amendedThrough: 't.o.m. SFS 2024:796',
      repealedBy: '2024:945',
      repealedAt: '2025-01-01',
    });
    if (!result.ok) throw new Error(result.message);
    const change = await ctx.changes.get(result.value.changeId as string);
    expect(change.ok && change.value).toMatchObject({ kind: 'repealed', amendingSfs: '2024:945', inForce: '2025-01-01', substantive: true });
    const events = await ctx.flush();
    expect(events.map((e) => e.type).sort()).toEqual(['law.changed', 'law.repealed']);
    const repealed = events.find((e) => e.type === 'law.repealed');
    expect(repealed?.id).toBe(`law.repealed.${result.value.versionId}`);
    expect(eventContracts['law.repealed'].payload.parse(repealed?.payload)).toMatchObject({
      changeId: result.value.changeId,
      repealedAt: '2025-01-01',
      repealedBy: '2024:945',
    });
    expect((await ctx.documents.meta('1967:837')).ok && (await ctx.documents.meta('1967:837'))).toMatchObject({ value: { repealed: true } });
  });

  it('records no change for a text that differs only in whitespace (1994:448, Riksdagen 2018 vs SFST 2024)', async () => {
    const source = await readFolderDocument(SFS_DIR, '1994-448');
    const result = await ctx.ingestion.ingest({ ...source, text: versionText('1994-448/2018-09-26.riksdagen.text.txt') });
    expect(result).toMatchObject({ ok: true, value: { changeId: null } });
    expect(result.ok && ['unchanged', 'updated']).toContain(result.ok && result.value.status);
    expect(await changeRows('1994:448')).toHaveLength(1); // only "new"
  });

  it('handles a large amendment (Skollag 2010:800, t.o.m. 2025:730) with plausible counts', async () => {
    const source = await readFolderDocument(SFS_DIR, '2010-800');
    const result = await ctx.ingestion.ingest({ ...source, text: versionText('2010-800/2025-06-24.t.o.m.2025-730.txt'), amendedThrough: 't.o.m. SFS 2025:730' });
    if (!result.ok) throw new Error(result.message);
    const change = await ctx.changes.get(result.value.changeId as string);
    if (!change.ok) throw new Error(change.message);
    const count = (kind: string): number => change.value.sections.filter((s) => s.kind === kind).length;
    expect(change.value).toMatchObject({ kind: 'amended', amendingSfs: '2025:730', substantive: true });
    expect(count('modified')).toBeGreaterThan(100);
    expect(count('added')).toBeGreaterThan(60);
    expect(count('repealed')).toBeGreaterThan(10);
    expect(change.value.sections.every((s) => s.summary.length > 0 && s.summary.length < 600)).toBe(true);
    await ctx.flush();
  });

  it('records a return to the earlier version as a change of its own', async () => {
    const before = await changeRows('2010:800');
    const result = await ctx.ingestion.ingest(await readFolderDocument(SFS_DIR, '2010-800'));
    if (!result.ok) throw new Error(result.message);
    expect(result.value.status).toBe('changed');
    const after = await changeRows('2010:800');
    expect(after).toHaveLength(before.length + 1);
    const [event] = await ctx.flush();
    expect(event.id).toMatch(/^law\.changed\.[0-9a-f-]+\.from\.[0-9a-f-]+$/);
    expect(event.payload).toMatchObject({ changeId: result.value.changeId });
  });

  describe('changes.list', () => {
    it('pages newest first with a keyset cursor and no duplicates', async () => {
      const all: LawChange[] = [];
      let cursor: string | null = null;
      do {
        const page = await ctx.changes.list({ cursor, limit: 2 });
        if (!page.ok) throw new Error(page.message);
        all.push(...page.value.items);
        cursor = page.value.nextCursor;
      } while (cursor);
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM law_catalog.law_changes`);
      expect(all).toHaveLength(n);
      expect(new Set(all.map((c) => c.id)).size).toBe(n);
      const times = all.map((c) => c.detectedAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('filters by statutes, kind, substantive and time', async () => {
      const page = async (filter: Record<string, unknown>): Promise<LawChange[]> => {
        const result = await ctx.changes.list({ limit: 200, ...filter });
        if (!result.ok) throw new Error(result.message);
        return result.value.items;
      };
      expect((await page({ sfs: ['1977:1160'] })).map((c) => c.kind)).toEqual(['amended', 'new']);
      expect((await page({ kind: 'repealed' })).map((c) => c.sfs)).toEqual(['1967:837']);
      expect((await page({ kind: 'new' }))).toHaveLength(4);
      expect((await page({ substantive: false }))).toEqual([]);
      expect(await page({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
      expect(await page({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
    });

    it('refuses a forged cursor', async () => {
      expect(await ctx.changes.list({ cursor: 'bm9wZQ', limit: 5 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    });
  });
});
