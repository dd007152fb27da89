/**
 * Child process of bench-change-detection.ts: reads every served document of
 * the bench catalog (documents + the current version's text) into memory,
 * serves them as the Riksdagen API (server.ts) and takes orders over IPC.
 *
 *   parent -> child: { type: 'mutate', id, request: MutateRequest } | { type: 'stats', id } | { type: 'reset-stats', id } | { type: 'close', id }
 *   child -> parent: { type: 'ready', url, documents, loadMs, heapMb, rssMb } | { type: 'reply', id, value } | { type: 'error', id?, message }
 *
 * DATABASE_URL names the database (its name must contain "bench"). Served:
 * the documents whose source_name is BENCH_SERVED_SOURCES (a JSON array;
 * by default the synthetic and the aligned ones, not the 53 real statutes).
 */
import { Client } from 'pg';
import { BenchRiksdagen, OLD_SYSTEMDATUM, type BenchDocument, type MutateRequest } from './server';

export type ChildRequest =
  | { type: 'mutate'; id: number; request: MutateRequest }
  | { type: 'stats'; id: number }
  | { type: 'reset-stats'; id: number }
  | { type: 'close'; id: number };

export type ChildMessage =
  | { type: 'ready'; url: string; documents: number; loadMs: number; heapMb: number; rssMb: number }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'error'; id?: number; message: string };

const BATCH = 2000;

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

async function load(databaseUrl: string, sources: string[]): Promise<BenchDocument[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'laglig-bench-riksdagen' });
  await client.connect();
  const docs: BenchDocument[] = [];
  try {
    // Keyset pages by SFS number, so no result holds gigabytes at once.
    for (let after = ''; ; ) {
      const rows = (
        await client.query<{
          dok_id: string;
          sfs: string;
          title: string;
          department: string | null;
          issued_at: string | null;
          in_force: string | null;
          repealed_at: string | null;
          repealed_by: string | null;
          amended_through: string | null;
          raw_text: string;
        }>(
          `SELECT d.dok_id, d.sfs, d.title, d.department, d.issued_at::text AS issued_at, d.in_force,
                  d.repealed_at::text AS repealed_at, d.repealed_by, v.amended_through, v.raw_text
             FROM law_catalog.documents d JOIN law_catalog.document_versions v ON v.id = d.current_version_id
            WHERE d.source_name = ANY($1::text[]) AND d.sfs > $2
            ORDER BY d.sfs LIMIT ${BATCH}`,
          [sources, after],
        )
      ).rows;
      if (rows.length === 0) break;
      for (const r of rows) {
        docs.push({
          dokId: r.dok_id,
          sfs: r.sfs,
          title: r.title,
          department: r.department,
          issuedAt: r.issued_at,
          inForce: r.in_force,
          repealedAt: r.repealed_at,
          repealedBy: r.repealed_by,
          amendedThrough: r.amended_through,
          text: r.raw_text,
          systemdatum: OLD_SYSTEMDATUM,
        });
      }
      after = (rows[rows.length - 1] as { sfs: string }).sfs;
    }
  } finally {
    await client.end();
  }
  return docs;
}

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const sources = JSON.parse(process.env['BENCH_SERVED_SOURCES'] ?? '[]') as string[];
  if (!Array.isArray(sources) || sources.length === 0) throw new Error('BENCH_SERVED_SOURCES is not a non-empty JSON array');
  const started = performance.now();
  const docs = await load(databaseUrl, sources);
  const server = new BenchRiksdagen(docs);
  const url = await server.listen(Number(process.env['BENCH_SERVER_PORT'] ?? 0));
  const memory = process.memoryUsage();
  send({ type: 'ready', url, documents: docs.length, loadMs: performance.now() - started, heapMb: memory.heapUsed / 2 ** 20, rssMb: memory.rss / 2 ** 20 });

  process.on('message', (message: ChildRequest) => {
    try {
      switch (message.type) {
        case 'mutate':
          return send({ type: 'reply', id: message.id, value: server.mutate(message.request) });
        case 'stats':
          return send({ type: 'reply', id: message.id, value: server.stats() });
        case 'reset-stats':
          server.resetStats();
          return send({ type: 'reply', id: message.id, value: null });
        case 'close':
          void server.close().then(() => {
            send({ type: 'reply', id: message.id, value: null });
            process.disconnect?.();
          });
          return;
      }
    } catch (error) {
      send({ type: 'error', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  // The parent went away: nothing left to serve.
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
