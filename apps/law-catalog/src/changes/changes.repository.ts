import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LawChangeKind, SectionChange } from '@laglig/contracts';

export interface ChangeRow {
  id: string;
  sfs: string;
  title: string;
  kind: LawChangeKind;
  from_version_id: string | null;
  to_version_id: string;
  amending_sfs: string | null;
  in_force: string | null;
  substantive: boolean;
  sections: SectionChange[];
  detected_at: Date;
  /** detected_at as PostgreSQL prints it (microseconds kept) for the keyset cursor. */
  detected_key: string;
}

export interface VersionRow {
  id: string;
  content_hash: string;
  amended_through: string | null;
  created_at: Date;
  section_count: number;
}

export interface ChangeFilter {
  sfs?: string[];
  since?: string;
  until?: string;
  substantive?: boolean;
  kind?: LawChangeKind;
  /** Keyset: rows strictly after (detected_at, id) in descending order. */
  after?: { detectedAt: string; id: string } | null;
  limit: number;
}

const CHANGE_COLUMNS = `c.id, c.sfs, d.title, c.kind, c.from_version_id, c.to_version_id, c.amending_sfs, c.in_force,
  c.substantive, c.sections, c.detected_at, c.detected_at::text AS detected_key`;

/** Read access to change records and versions (raw SQL: keyset paging and filters). */
@Injectable()
export class ChangesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: ChangeFilter): Promise<ChangeRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (filter.sfs) add((n) => `c.sfs = ANY($${n}::text[])`, filter.sfs);
    if (filter.since) add((n) => `c.detected_at >= $${n}::timestamptz`, filter.since);
    if (filter.until) add((n) => `c.detected_at < $${n}::timestamptz`, filter.until);
    if (filter.substantive !== undefined) add((n) => `c.substantive = $${n}`, filter.substantive);
    if (filter.kind) add((n) => `c.kind = $${n}`, filter.kind);
    if (filter.after) {
      params.push(filter.after.detectedAt, filter.after.id);
      where.push(`(c.detected_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT ${CHANGE_COLUMNS}
         FROM law_catalog.law_changes c
         JOIN law_catalog.documents d ON d.id = c.document_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.detected_at DESC, c.id DESC
        LIMIT $${params.length}`,
      params,
    );
  }

  async get(id: string): Promise<ChangeRow | null> {
    const rows: ChangeRow[] = await this.dataSource.query(
      `SELECT ${CHANGE_COLUMNS} FROM law_catalog.law_changes c JOIN law_catalog.documents d ON d.id = c.document_id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Versions of a document, newest first. */
  versionsOf(documentId: string): Promise<VersionRow[]> {
    return this.dataSource.query(
      `SELECT id, content_hash, amended_through, created_at, section_count
         FROM law_catalog.document_versions WHERE document_id = $1
        ORDER BY created_at DESC, id DESC`,
      [documentId],
    );
  }

  async version(documentId: string, versionId: string): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT id, content_hash, amended_through, created_at, section_count
         FROM law_catalog.document_versions WHERE document_id = $1 AND id = $2`,
      [documentId, versionId],
    );
    return rows[0] ?? null;
  }
}
