/**
 * `main.js ingest --dir data/sfs` / `main.js ingest --api <baseUrl> [--from YYYY-MM-DD]`.
 *
 * Runs without Nest and without Redis: it migrates the schema if needed,
 * ingests, prints a summary and leaves the law events in the outbox, from
 * where the running law-catalog service publishes them (or `deps.publisher`
 * does it right away). Exit code 0 = all documents fine, 1 = errors, 2 = usage.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import { runMigrations, serviceDataSourceOptions } from '@laglig/persistence';
import { persistence } from '../data-source';
import { DocumentsRepository } from '../documents/documents.repository';
import type { LawEventPublisher } from '../events/law-event-publisher';
import { flushOutbox, pendingOutboxCount } from '../events/outbox';
import type { FetchRetryOptions } from '../ingestion/http';
import { IngestionRunner, type RunProgress, type RunSummary } from '../ingestion/ingestion-runner';
import { IngestionService } from '../ingestion/ingestion.service';
import { parseIngestArgs, USAGE } from './args';

export interface IngestCommandDeps {
  env?: NodeJS.ProcessEnv;
  /** Use this data source (not destroyed afterwards) instead of one from DATABASE_URL. */
  dataSource?: DataSource;
  /** Publish events right after the run instead of leaving them to the service's outbox relay. */
  publisher?: LawEventPublisher;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  /** HTTP retry policy overrides (tests use short delays). */
  http?: FetchRetryOptions;
}

const EnvSchema = z.object({ DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/laglig') });

export async function runIngestCommand(argv: readonly string[], deps: IngestCommandDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const parsed = parseIngestArgs(argv);
  if (!parsed.ok) {
    (parsed.help ? stdout : stderr).write(`${parsed.help ? '' : `${parsed.message}\n\n`}${USAGE}\n`);
    return parsed.help ? 0 : 2;
  }
  const { args } = parsed;

  let dataSource = deps.dataSource;
  const ownsDataSource = !dataSource;
  try {
    if (!dataSource) {
      const env = loadConfig(EnvSchema, deps.env ?? process.env);
      dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url: env.DATABASE_URL, poolSize: args.concurrency + 2 }));
      await dataSource.initialize();
      await runMigrations(dataSource, { schema: persistence.schema });
    }
    const runner = new IngestionRunner(dataSource, new IngestionService(dataSource, new DocumentsRepository(dataSource)));
    const progress = createProgress(stdout);
    stdout.write(args.source === 'dir' ? `Läser in från mappen ${resolve(args.dir)}\n` : `Hämtar från ${args.baseUrl}\n`);
    const summary =
      args.source === 'dir'
        ? await runner.runFolder(args.dir, { concurrency: args.concurrency, onProgress: progress.update })
        : await runner.runApi(args.baseUrl, {
            concurrency: args.concurrency,
            from: args.from ?? undefined,
            pageSize: args.pageSize ?? undefined,
            http: deps.http,
            onProgress: progress.update,
          });
    progress.stop();

    let published: number | null = null;
    if (deps.publisher) published = (await flushOutbox(dataSource, deps.publisher)).published;
    const pending = await pendingOutboxCount(dataSource);
    stdout.write(formatSummary(summary, published, pending));
    return summary.errors.length > 0 ? 1 : 0;
  } catch (error) {
    stderr.write(`Inläsningen misslyckades: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (ownsDataSource && dataSource?.isInitialized) await dataSource.destroy();
  }
}

interface Progress {
  update: (progress: RunProgress) => void;
  stop: () => void;
}

/** A progress bar on a terminal; a plain line every 10 % (or 25 documents) otherwise. */
function createProgress(stdout: NodeJS.WritableStream & { isTTY?: boolean }): Progress {
  if (stdout.isTTY) {
    const bar = new SingleBar(
      { format: '{bar} {value}/{total} dokument | {current}', hideCursor: true, clearOnComplete: true, stream: stdout, etaBuffer: 50 },
    );
    let started = false;
    return {
      update: ({ done, total, current }) => {
        if (!started) {
          bar.start(total ?? done, done, { current: current ?? '' });
          started = true;
        }
        if (total !== null) bar.setTotal(total);
        bar.update(done, { current: current ?? '' });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastReported = 0;
  return {
    update: ({ done, total }) => {
      const step = total ? Math.max(1, Math.ceil(total / 10)) : 25;
      if (done > lastReported && (done - lastReported >= step || (total !== null && done === total))) {
        lastReported = done;
        stdout.write(`  ${done}${total !== null ? `/${total}` : ''} dokument\n`);
      }
    },
    stop: () => undefined,
  };
}

export function formatSummary(summary: RunSummary, published: number | null, pending: number): string {
  const seconds = (summary.durationMs / 1000).toFixed(1).replace('.', ',');
  const lines = [
    `Klart på ${seconds} s: ${summary.documents} dokument, ${summary.sections} paragrafer`,
    `  nya författningar:    ${summary.created}`,
    `  nya versioner:        ${summary.changed}`,
    `  ändrad metadata:      ${summary.updated}`,
    `  oförändrade:          ${summary.unchanged}`,
    `  överhoppade:          ${summary.skipped}`,
    `  fel:                  ${summary.errors.length}`,
    `  händelser:            ${summary.events}${published !== null ? ` (publicerade nu: ${published})` : ''}, väntar i utkorgen: ${pending}`,
  ];
  if (summary.errors.length > 0) {
    lines.push('Fel:');
    for (const error of summary.errors) lines.push(`  ${error.dokId}${error.sfs ? ` (${error.sfs})` : ''}: ${error.message}`);
  }
  return `${lines.join('\n')}\n`;
}
