import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, normaliseSfs } from '@laglig/contracts';
import { MalformedDocumentError, type SourceDocument } from './source-document';
import { forEachConcurrent } from './concurrency';
import { IngestionService } from './ingestion.service';
import { listFolderDocuments, readFolderDocument } from './folder-source';
import { HttpError, type FetchRetryOptions } from './http';
import { RiksdagenSource } from './riksdagen-source';
import { SyncRunEntity, type SyncRunKind, type SyncRunStatus } from './sync-run.entity';

export interface RunError {
  /** dok_id (or the file's base name) of the failed document. */
  dokId: string;
  sfs: string | null;
  message: string;
}

export interface RunSummary {
  runId: string;
  kind: SyncRunKind;
  source: string;
  status: SyncRunStatus;
  /** Documents read from the source (successfully or not). */
  documents: number;
  /** Sections in the current versions of the documents processed. */
  sections: number;
  created: number;
  changed: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: RunError[];
  events: number;
  durationMs: number;
}

export interface RunProgress {
  done: number;
  /** Known total (folder size, or the API's @traffar), else null. */
  total: number | null;
  current: string | null;
}

export interface RunOptions {
  /** Documents processed at the same time (default 4). */
  concurrency?: number;
  onProgress?: (progress: RunProgress) => void;
}

export interface ApiRunOptions extends RunOptions {
  from?: string;
  pageSize?: number;
  http?: FetchRetryOptions;
}

/** A unit of work for the runner: something that yields a SourceDocument when asked. */
interface WorkItem {
  id: string;
  /** SFS number when known before loading (for error reports). */
  sfs: string | null;
  load(): Promise<SourceDocument>;
}

/** A failure as one line for run summaries (domain errors as they are, others with their name). */
export const messageOf = (error: unknown): string => {
  if (error instanceof MalformedDocumentError || error instanceof HttpError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
};

/**
 * Runs an ingestion over a whole source and records it in sync_runs. One
 * bad document never stops a run: it is recorded as an error (with its
 * dok_id) and the run continues. Failing to reach the source at all
 * (the list cannot be read) ends the run as failed.
 */
@Injectable()
export class IngestionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ingestion: IngestionService,
  ) {}

  async runFolder(dir: string, options: RunOptions = {}): Promise<RunSummary> {
    const bases = await listFolderDocuments(dir);
    const fetchedAt = new Date();
    const items: WorkItem[] = bases.map((base) => ({
      id: base,
      sfs: normaliseSfs(base),
      load: () => readFolderDocument(dir, base, fetchedAt),
    }));
    return this.run('folder', dir, null, options, (total) => {
      total(items.length);
      return items;
    });
  }

  async runApi(baseUrl: string, options: ApiRunOptions = {}): Promise<RunSummary> {
    const source = new RiksdagenSource({ baseUrl, from: options.from, pageSize: options.pageSize, http: options.http });
    const cursor = new Date().toISOString().slice(0, 10);
    return this.run('api', baseUrl, cursor, options, (total) => this.apiItems(source, total));
  }

  private async *apiItems(source: RiksdagenSource, total: (n: number) => void): AsyncGenerator<WorkItem> {
    for await (const page of source.pages()) {
      total(page.total);
      for (const listed of page.documents) {
        yield { id: listed.dokId, sfs: normaliseSfs(listed.beteckning ?? ''), load: () => source.fetchDocument(listed) };
      }
    }
  }

  private async run(
    kind: SyncRunKind,
    sourceName: string,
    cursor: string | null,
    options: RunOptions,
    items: (total: (n: number) => void) => Iterable<WorkItem> | AsyncIterable<WorkItem>,
  ): Promise<RunSummary> {
    const started = Date.now();
    const run = await this.dataSource.getRepository(SyncRunEntity).save({ kind, source: sourceName, status: 'running', cursor: null, stats: null });
    const summary: RunSummary = {
      runId: run.id,
      kind,
      source: sourceName,
      status: 'running',
      documents: 0,
      sections: 0,
      created: 0,
      changed: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errors: [],
      events: 0,
      durationMs: 0,
    };
    let total: number | null = null;
    const report = (current: string | null): void =>
      options.onProgress?.({ done: summary.documents, total, current });

    let fatal: unknown = null;
    try {
      await forEachConcurrent(items((n) => (total = n)), options.concurrency ?? 4, async (item) => {
        await this.processOne(item, summary);
        report(item.id);
      });
    } catch (error) {
      fatal = error;
    }
    summary.durationMs = Date.now() - started;
    summary.status = fatal ? 'failed' : summary.errors.length > 0 ? 'completed_with_errors' : 'succeeded';
    if (fatal) summary.errors.push({ dokId: '-', sfs: null, message: `Körningen avbröts: ${messageOf(fatal)}` });
    await this.dataSource.getRepository(SyncRunEntity).update(
      { id: run.id },
      {
        status: summary.status,
        finishedAt: new Date(),
        cursor: fatal ? null : cursor,
        stats: { ...summary, errors: summary.errors.slice(0, 500) },
      },
    );
    return summary;
  }

  private async processOne(item: WorkItem, summary: RunSummary): Promise<void> {
    let document: SourceDocument;
    try {
      document = await item.load();
    } catch (error) {
      summary.documents++;
      summary.errors.push({ dokId: item.id, sfs: item.sfs, message: messageOf(error) });
      return;
    }
    summary.documents++;
    try {
      const result = await this.ingestion.ingest(document);
      if (!result.ok) {
        if (result.code === ErrorCode.NOT_FOUND) {
          summary.skipped++;
        } else {
          summary.errors.push({ dokId: document.dokId, sfs: document.sfs, message: result.message });
        }
        return;
      }
      const outcome = result.value;
      summary[outcome.status]++;
      summary.sections += outcome.sectionCount;
      summary.events += outcome.events.length;
    } catch (error) {
      summary.errors.push({ dokId: document.dokId, sfs: document.sfs, message: messageOf(error) });
    }
  }
}
