import { Writable } from 'node:stream';
import { startRiksdagenServer, type RiksdagenServer } from '@laglig/testing';
import { runIngestCommand } from '../cli/ingest';
import { createCatalogTestContext, SFS_DIR, type CatalogTestContext } from '../testing/test-support';
import type { RunSummary } from './ingestion-runner';

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe('ingestion from the Riksdagen API (loopback server, real PostgreSQL)', () => {
  let ctx: CatalogTestContext;
  let server: RiksdagenServer;
  let summary: RunSummary;

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    server = await startRiksdagenServer({
      pageSize: 20,
      failures: [
        { path: '/dokumentlista/', times: 1 }, // the first list request fails once
        { path: '/dokumentstatus/sfs-1977-480.json', times: 2, status: 502 },
        { path: '/dokumentstatus/sfs-1982-80.json', times: 1, status: 429 },
      ],
      malformed: [
        { dokId: 'sfs-1977-1166', kind: 'invalid-json' },
        { dokId: 'sfs-1989-253', kind: 'empty-text' },
      ],
      // Far slower than the client's timeout, so a loaded CI machine cannot blur the two.
      slow: [{ path: '/dokumentstatus/sfs-1992-18.json', delayMs: 5000 }],
    });
    summary = await ctx.runner.runApi(server.url, { http: { ...FAST_RETRY, timeoutMs: 1500 }, concurrency: 4 });
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('follows @nasta_sida across all three list pages', () => {
    const pages = server.requests.filter((r) => r.path.startsWith('/dokumentlista/') && r.status === 200).map((r) => new URL(r.path, server.url).searchParams.get('p'));
    expect(pages).toEqual(['1', '2', '3']);
    const first = new URL(server.requests[0].path, server.url).searchParams;
    expect(Object.fromEntries(first)).toMatchObject({ doktyp: 'sfs', utformat: 'json', sort: 'datum', sortorder: 'asc', p: '1' });
  });

  it('retries 5xx and 429 answers and then ingests the document', async () => {
    expect(server.requests.filter((r) => r.path === '/dokumentstatus/sfs-1977-480.json').map((r) => r.status)).toEqual([502, 502, 200]);
    expect(server.requests.filter((r) => r.path === '/dokumentstatus/sfs-1982-80.json').map((r) => r.status)).toEqual([429, 200]);
    expect(server.requests.filter((r) => r.path.startsWith('/dokumentlista/')).map((r) => r.status)[0]).toBe(503);
    expect((await ctx.documents.meta('1977:480')).ok).toBe(true);
  });

  it('records malformed and unreachable documents with their dok_id and carries on', async () => {
    const errors = Object.fromEntries(summary.errors.map((e) => [e.dokId, e.message]));
    expect(Object.keys(errors).sort()).toEqual(['sfs-1977-1166', 'sfs-1989-253', 'sfs-1992-18']);
    expect(errors['sfs-1977-1166']).toContain('Ogiltig JSON');
    expect(errors['sfs-1989-253']).toContain('saknar text');
    expect(errors['sfs-1992-18']).toMatch(/Timeout|abort/i);
    expect(summary).toMatchObject({ status: 'completed_with_errors', documents: 53, created: 50 });
    // The empty document fell back to the plain-text endpoint before giving up.
    expect(server.hits('/dokument/sfs-1989-253.text')).toBe(1);
  });

  it('stores API documents with the Riksdagen source and the same text hash as the bundled files', async () => {
    const result = await ctx.documents.meta('1977:1160');
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({
      sourceName: 'Riksdagens öppna data',
      sourceUrl: 'https://data.riksdagen.se/dokument/sfs-1977-1160',
      amendedThrough: 't.o.m. SFS 2023:349',
      issuedAt: '1977-12-19',
    });
    // The API serves CRLF; the folder has LF. Same law, same version: only metadata changes.
    const folder = await ctx.runner.runFolder(SFS_DIR);
    expect(folder).toMatchObject({ errors: [], changed: 0, created: 3 });
    expect(folder.updated).toBe(50);
  });

  it('turns a changed text on the server into law.changed on the next sync', async () => {
    await ctx.flush();
    const original = (await ctx.documents.get('1974:358')) as { ok: true; value: { version: { id: string } } };
    server.setText('sfs-1974-358', '1 § En helt ny lydelse för detta test.\n\n2 a § En ny paragraf.');
    const run = await ctx.runner.runApi(server.url, { http: FAST_RETRY });
    expect(run.changed).toBe(1);
    const events = await ctx.flush();
    const changed = events.filter((e) => e.type === 'law.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].payload).toMatchObject({ sfs: '1974:358', previousVersionId: original.value.version.id, added: ['P2a'], modified: ['P1'] });
    expect(changed[0].payload).toHaveProperty('repealed', expect.arrayContaining(['P2', 'P3']));
    expect(changed[0].id).toBe(`law.changed.${(changed[0].payload as { versionId: string }).versionId}`);
  });

  it('runs as the `ingest --api` command: summary with the failed dok_id and exit code 1', async () => {
    const faulty = await startRiksdagenServer({ only: ['1977:480', '1982:80'], malformed: [{ dokId: 'sfs-1982-80', kind: 'invalid-json' }] });
    try {
      const out = new Capture();
      const err = new Capture();
      const code = await runIngestCommand(['ingest', '--api', faulty.url, '--from', '1970-01-01'], {
        dataSource: ctx.dataSource,
        stdout: out,
        stderr: err,
        http: FAST_RETRY,
        publisher: ctx.publisher,
      });
      expect(code).toBe(1);
      expect(out.text).toContain('Klart på');
      expect(out.text).toContain('2 dokument');
      expect(out.text).toMatch(/fel:\s+1/);
      expect(out.text).toContain('sfs-1982-80 (1982:80): Ogiltig JSON i dokumentstatus');
      expect(err.text).toBe('');
    } finally {
      await faulty.close();
    }
  });

  it('runs as the `ingest --dir` command with exit code 0 and usage errors give exit code 2', async () => {
    const out = new Capture();
    expect(await runIngestCommand(['ingest', '--dir', SFS_DIR], { dataSource: ctx.dataSource, stdout: out, stderr: out })).toBe(0);
    expect(out.text).toMatch(/53 dokument/);
    const usage = new Capture();
    expect(await runIngestCommand(['ingest'], { dataSource: ctx.dataSource, stdout: usage, stderr: usage })).toBe(2);
    expect(usage.text).toContain('Användning');
  });
});
