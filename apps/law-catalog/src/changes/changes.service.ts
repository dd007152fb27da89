import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  refuse,
  succeed,
  type ChangesPage,
  type LawChange,
  type LawChangeKind,
  type LawDiff,
  type LawVersion,
  type LawVersions,
  type OperationResult,
} from '@laglig/contracts';
import { DocumentsRepository } from '../documents/documents.repository';
import { NOT_FOUND_MESSAGE } from '../documents/documents.service';
import { compareSections, partsOf } from '../ingestion/diff';
import { ChangesRepository, type ChangeRow, type VersionRow } from './changes.repository';

export const CHANGE_NOT_FOUND_MESSAGE = 'Ändringen finns inte';
export const VERSION_NOT_FOUND_MESSAGE = 'Versionen finns inte för den här författningen';

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/** Opaque keyset cursor of changes.list: base64url of [detected_at as PostgreSQL prints it, id]. */
export const encodeChangesCursor = (detectedAt: string, id: string): string =>
  Buffer.from(JSON.stringify([detectedAt, id]), 'utf8').toString('base64url');

export function decodeChangesCursor(cursor: string): { detectedAt: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { detectedAt: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  return null;
}

export const changeUrl = (sfs: string, id: string): string => `/lagar/${sfs}/andringar/${id}`;

export function toLawChange(row: ChangeRow): LawChange {
  return {
    id: row.id,
    sfs: row.sfs,
    title: row.title,
    kind: row.kind,
    fromVersionId: row.from_version_id,
    toVersionId: row.to_version_id,
    amendingSfs: row.amending_sfs,
    inForce: row.in_force,
    substantive: row.substantive,
    sections: row.sections,
    detectedAt: iso(row.detected_at),
    url: changeUrl(row.sfs, row.id),
  };
}

const toVersion = (row: VersionRow, currentVersionId: string | null): LawVersion => ({
  id: row.id,
  contentHash: row.content_hash,
  amendedThrough: row.amended_through,
  createdAt: iso(row.created_at),
  sectionCount: row.section_count,
  current: row.id === currentVersionId,
});

export interface ChangesListQuery {
  sfs?: string[];
  since?: string;
  until?: string;
  substantive?: boolean;
  kind?: LawChangeKind;
  cursor?: string | null;
  limit: number;
}

/** laws.versions, laws.diff, changes.list, changes.get. */
@Injectable()
export class ChangesService {
  constructor(
    private readonly changes: ChangesRepository,
    private readonly documents: DocumentsRepository,
  ) {}

  async versions(sfs: string): Promise<OperationResult<LawVersions>> {
    const document = await this.documents.findBySfs(sfs);
    if (!document?.currentVersionId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE, { sfs });
    const rows = await this.changes.versionsOf(document.id);
    return succeed({ sfs, title: document.title, items: rows.map((row) => toVersion(row, document.currentVersionId)) });
  }

  /** Section-level word diff between two stored versions of one statute (either direction). */
  async diff(input: { sfs: string; from: string; to: string }): Promise<OperationResult<LawDiff>> {
    const document = await this.documents.findBySfs(input.sfs);
    if (!document?.currentVersionId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE, { sfs: input.sfs });
    const [from, to] = await Promise.all([this.changes.version(document.id, input.from), this.changes.version(document.id, input.to)]);
    if (!from || !to) {
      return refuse(ErrorCode.NOT_FOUND, VERSION_NOT_FOUND_MESSAGE, { sfs: input.sfs, versionId: !from ? input.from : input.to });
    }
    const base = { sfs: input.sfs, title: document.title, from: toVersion(from, document.currentVersionId), to: toVersion(to, document.currentVersionId) };
    if (from.id === to.id) return succeed({ ...base, substantive: false, sections: [] });
    const [before, after] = await Promise.all([this.documents.sectionsOf(from.id), this.documents.sectionsOf(to.id)]);
    const comparison = compareSections(before, after);
    return succeed({
      ...base,
      substantive: comparison.substantive,
      sections: comparison.compared.map((entry) => ({
        ...entry.change,
        heading: (entry.after && !entry.after.repealed ? entry.after.heading : (entry.before?.heading ?? entry.after?.heading)) ?? null,
        parts: partsOf(entry),
      })),
    });
  }

  async list(query: ChangesListQuery): Promise<OperationResult<ChangesPage>> {
    let after: { detectedAt: string; id: string } | null = null;
    if (query.cursor) {
      after = decodeChangesCursor(query.cursor);
      if (!after) return refuse(ErrorCode.INVALID_INPUT, 'Ogiltig markör (cursor)');
    }
    const rows = await this.changes.list({
      sfs: query.sfs,
      since: query.since,
      until: query.until,
      substantive: query.substantive,
      kind: query.kind,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return succeed({
      items: page.map(toLawChange),
      nextCursor: rows.length > query.limit && last ? encodeChangesCursor(last.detected_key, last.id) : null,
    });
  }

  async get(id: string): Promise<OperationResult<LawChange>> {
    const row = await this.changes.get(id);
    if (!row) return refuse(ErrorCode.NOT_FOUND, CHANGE_NOT_FOUND_MESSAGE, { id });
    return succeed(toLawChange(row));
  }
}
