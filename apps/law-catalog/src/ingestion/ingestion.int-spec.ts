import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events as eventContracts, LawDocumentSchema } from '@laglig/contracts';
import { parseSfsText } from '@laglig/sfs-parser';
import { createCatalogTestContext, SFS_DIR, tableFingerprint, type CatalogTestContext } from '../testing/test-support';
import type { RunSummary } from './ingestion-runner';
import { readFolderDocument } from './folder-source';
import { diffSections } from './diff';
import { toSectionRows } from './structure';

const statuteFiles = readdirSync(SFS_DIR).filter((f) => f.endsWith('.txt'));
const expectedSections = statuteFiles.reduce((sum, f) => sum + parseSfsText(readFileSync(join(SFS_DIR, f), 'utf8')).sections.length, 0);

describe('ingestion from the bundled folder (real PostgreSQL)', () => {
  let ctx: CatalogTestContext;
  let first: RunSummary;

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    first = await ctx.runner.runFolder(SFS_DIR);
  });
  afterAll(() => ctx?.close());

  it('ingests all 53 statutes without errors', async () => {
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ status: 'succeeded', documents: 53, created: 53, changed: 0, unchanged: 0 });
    expect(statuteFiles).toHaveLength(53);
    const [{ documents, versions, sections }] = await ctx.dataSource.query(
      `SELECT (SELECT count(*)::int FROM law_catalog.documents) AS documents,
              (SELECT count(*)::int FROM law_catalog.document_versions) AS versions,
              (SELECT count(*)::int FROM law_catalog.sections) AS sections`,
    );
    expect({ documents, versions, sections }).toEqual({ documents: 53, versions: 53, sections: expectedSections });
    expect(first.sections).toBe(expectedSections);
  });

  it('stores 1977:1160 with section K3P2a (3 kap. 2 a §) in its current version', async () => {
    const found = await ctx.repository.findWithCurrentVersion('1977:1160');
    expect(found?.document).toMatchObject({ title: 'Arbetsmiljölag (1977:1160)', dokId: 'sfs-1977-1160', issuedAt: '1977-12-19', repealed: false });
    const sections = await ctx.repository.sectionsOf(found?.version.id as string);
    const section = sections.find((s) => s.anchor === 'K3P2a');
    expect(section).toMatchObject({ chapter: '3', number: '2 a', label: '3 kap. 2 a §' });
    expect(section?.text).toContain('systematiskt planera, leda och kontrollera');
  });

  it('serves laws.get in the contract shape, with metadata from the SFST header', async () => {
    const result = await ctx.documents.get('1977:480');
    if (!result.ok) throw new Error(result.message);
    const law = LawDocumentSchema.parse(result.value);
    expect(law).toMatchObject({
      sfs: '1977:480',
      title: 'Semesterlag (1977:480)',
      department: 'Arbetsmarknadsdepartementet ARM',
      inForce: '1978-01-01 överg.best.',
      amendedThrough: 't.o.m. SFS 2014:424',
      sourceName: 'Regeringskansliets rättsdatabaser (SFST)',
    });
    expect(law.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(law.structure)).toContain('"anchor":"P4"');
  });

  it('keeps the amendment register (27 statutes have one)', async () => {
    const register = JSON.parse(readFileSync(join(SFS_DIR, '1977-480.sfsr.json'), 'utf8')) as { andringsforfattningar: unknown[] };
    const result = await ctx.documents.amendments('1977:480');
    if (!result.ok) throw new Error(result.message);
    expect(result.value.items).toHaveLength(register.andringsforfattningar.length);
    expect(result.value.items[0]).toEqual({ sfs: '1978:411', title: 'Lag (1978:411) om ändring i semesterlagen (1977:480)', inForce: '1979-01-01', notes: 'ändr. 17 §' });
    const [{ n }] = await ctx.dataSource.query(`SELECT count(DISTINCT document_id)::int AS n FROM law_catalog.amendments`);
    expect(n).toBe(27);
  });

  it('announces every new statute once with law.ingested (deterministic ids, valid payloads)', async () => {
    const published = await ctx.flush();
    expect(published).toHaveLength(53);
    for (const event of published) {
      expect(event.type).toBe('law.ingested');
      expect(event.id).toBe(`law.ingested.${(event.payload as { versionId: string }).versionId}`);
      expect(event.id).not.toContain(':');
      eventContracts['law.ingested'].payload.parse(event.payload);
    }
    expect(await ctx.flush()).toEqual([]);
  });

  it('writes nothing when the same statutes are ingested again', async () => {
    const before = await tableFingerprint(ctx.dataSource);
    const again = await ctx.runner.runFolder(SFS_DIR);
    expect(again).toMatchObject({ documents: 53, unchanged: 53, created: 0, changed: 0, updated: 0, events: 0, errors: [] });
    expect(await tableFingerprint(ctx.dataSource)).toEqual(before);
  });

  describe('a changed text (Skollag 2010:800, t.o.m. 2025:730)', () => {
    const newText = readFileSync(join(SFS_DIR, 'versions', '2010-800', '2025-06-24.t.o.m.2025-730.txt'), 'utf8');
    let oldVersionId: string;

    it('becomes a new version; the old one is kept and the current version moves', async () => {
      const before = await ctx.repository.findWithCurrentVersion('2010:800');
      oldVersionId = before?.version.id as string;
      const source = await readFolderDocument(SFS_DIR, '2010-800');
      const result = await ctx.ingestion.ingest({ ...source, text: newText, amendedThrough: 't.o.m. SFS 2025:730' });
      if (!result.ok) throw new Error(result.message);
      expect(result.value.status).toBe('changed');
      expect(result.value.versionId).not.toBe(oldVersionId);

      const after = await ctx.repository.findWithCurrentVersion('2010:800');
      expect(after?.version.id).toBe(result.value.versionId);
      expect(after?.version.amendedThrough).toBe('t.o.m. SFS 2025:730');
      const [{ versions, oldSections }] = await ctx.dataSource.query(
        `SELECT (SELECT count(*)::int FROM law_catalog.document_versions WHERE document_id = $1) AS versions,
                (SELECT count(*)::int FROM law_catalog.sections WHERE version_id = $2) AS "oldSections"`,
        [after?.document.id, oldVersionId],
      );
      expect(versions).toBe(2);
      expect(oldSections).toBe(before?.version.sectionCount);
    });

    it('emits law.changed with the added, modified and repealed anchors', async () => {
      const published = await ctx.flush();
      expect(published).toHaveLength(1);
      const [event] = published;
      expect(event.type).toBe('law.changed');
      const payload = eventContracts['law.changed'].payload.parse(event.payload);
      expect(event.id).toBe(`law.changed.${payload.versionId}`);

      const expected = diffSections(
        toSectionRows(parseSfsText(readFileSync(join(SFS_DIR, '2010-800.txt'), 'utf8'))),
        toSectionRows(parseSfsText(newText)),
      );
      expect(payload).toMatchObject({
        sfs: '2010:800',
        title: 'Skollag (2010:800)',
        previousVersionId: oldVersionId,
        amendingSfs: '2025:730',
        added: expected.added,
        modified: expected.modified,
        repealed: expected.repealed,
        substantive: true,
      });
      // The 2025 text carries the future wording of 1 kap. 1 § (in force 2026-07-01) next to the current one.
      expect(payload.added).toContain('K1P1-I2026-07-01');
      expect(payload.modified.length).toBeGreaterThan(0);
    });

    it('writes nothing when the new text arrives again', async () => {
      const before = await tableFingerprint(ctx.dataSource);
      const source = await readFolderDocument(SFS_DIR, '2010-800');
      const result = await ctx.ingestion.ingest({ ...source, text: newText.replace(/\n/g, '\r\n'), amendedThrough: 't.o.m. SFS 2025:730' });
      expect(result).toMatchObject({ ok: true, value: { status: 'unchanged', events: [] } });
      expect(await tableFingerprint(ctx.dataSource)).toEqual(before);
    });

    it('decides an unchanged document from the API (no register) without a transaction', async () => {
      const source = await readFolderDocument(SFS_DIR, '2010-800');
      const api = { ...source, text: newText.replace(/\n/g, '\r\n'), amendedThrough: 't.o.m. SFS 2025:730', amendments: null };
      const first = await ctx.ingestion.ingest(api); // aligns anything the bundle's register path left different
      expect(first.ok).toBe(true);
      const transaction = jest.spyOn(ctx.dataSource, 'transaction');
      try {
        const before = await tableFingerprint(ctx.dataSource);
        const result = await ctx.ingestion.ingest(api);
        expect(result).toMatchObject({ ok: true, value: { status: 'unchanged', events: [], changeId: null } });
        expect(result.ok && result.value.sectionCount).toBeGreaterThan(0);
        expect(transaction).not.toHaveBeenCalled();
        expect(await tableFingerprint(ctx.dataSource)).toEqual(before);
        // A metadata difference still takes the full path and is written.
        const retitled = await ctx.ingestion.ingest({ ...api, title: `${api.title} (ny rubrik)` });
        expect(retitled).toMatchObject({ ok: true, value: { status: 'updated' } });
        expect(transaction).toHaveBeenCalled();
        await ctx.ingestion.ingest(api);
      } finally {
        transaction.mockRestore();
      }
    });

    it('returns to the earlier version (no duplicate version) when the old text comes back', async () => {
      const result = await ctx.runner.runFolder(SFS_DIR);
      expect(result).toMatchObject({ changed: 1, unchanged: 52, errors: [] });
      const current = await ctx.repository.findWithCurrentVersion('2010:800');
      expect(current?.version.id).toBe(oldVersionId);
      const [{ versions }] = await ctx.dataSource.query(
        `SELECT count(*)::int AS versions FROM law_catalog.document_versions WHERE document_id = $1`,
        [current?.document.id],
      );
      expect(versions).toBe(2);
      const [event] = await ctx.flush();
      expect(event).toMatchObject({ type: 'law.changed', payload: { versionId: oldVersionId } });
      expect(event.id).toMatch(/^law\.changed\.[0-9a-f-]+\.from\.[0-9a-f-]+$/);
    });
  });

  it('records a statute whose text cannot be parsed as an error and keeps going', async () => {
    const source = await readFolderDocument(SFS_DIR, '1989-253');
    const result = await ctx.ingestion.ingest({ ...source, sfs: '1989:9999', text: '   \n\n  ' });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: 'Dokumentet saknar text' });
  });

  it('records each run in sync_runs', async () => {
    const runs = await ctx.dataSource.query(`SELECT kind, status, stats FROM law_catalog.sync_runs ORDER BY started_at`);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(runs[0].stats).toMatchObject({ documents: 53, created: 53 });
  });
});
