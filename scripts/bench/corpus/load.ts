/**
 * Writing encoded statutes (corpus/rows.ts) into law_catalog with COPY, one
 * transaction per batch.
 *
 * `skipTriggers` (superuser only): session_replication_role = replica, so
 * PostgreSQL skips the per-row foreign-key trigger checks; the rows satisfy
 * them by construction and generate-corpus.ts verifies them with one
 * anti-join per constraint at the end. Without it the rows must have been
 * encoded with `deferCurrentVersion` (documents first, without their current
 * version), and the batch points each document at its version before commit.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AMENDMENT_COLUMNS, DOCUMENT_COLUMNS, SECTION_COLUMNS, VERSION_COLUMNS, type EncodedDocument } from './rows';

const quoted = (columns: readonly string[]): string => columns.map((c) => `"${c}"`).join(', ');

async function copyInto(client: Client, table: string, columns: readonly string[], payload: string): Promise<void> {
  if (payload === '') return;
  await pipeline(Readable.from([payload]), client.query(copyFrom(`COPY law_catalog.${table} (${quoted(columns)}) FROM STDIN`)));
}

/** Session settings for a loading connection. */
export async function prepareLoader(client: Client, skipTriggers: boolean): Promise<void> {
  await client.query('SET synchronous_commit = off');
  if (skipTriggers) await client.query('SET session_replication_role = replica');
}

export async function loadBatch(client: Client, batch: readonly EncodedDocument[], skipTriggers: boolean): Promise<void> {
  if (batch.length === 0) return;
  let documents = '';
  let versions = '';
  let sections = '';
  let amendments = '';
  for (const doc of batch) {
    documents += doc.documents;
    versions += doc.versions;
    sections += doc.sections;
    amendments += doc.amendments;
  }
  await client.query('BEGIN');
  try {
    await copyInto(client, 'documents', DOCUMENT_COLUMNS, documents);
    await copyInto(client, 'document_versions', VERSION_COLUMNS, versions);
    await copyInto(client, 'sections', SECTION_COLUMNS, sections);
    await copyInto(client, 'amendments', AMENDMENT_COLUMNS, amendments);
    if (!skipTriggers) {
      await client.query(
        `UPDATE law_catalog.documents d SET current_version_id = v.id
           FROM law_catalog.document_versions v
          WHERE v.document_id = d.id AND d.current_version_id IS NULL AND d.sfs = ANY($1::text[])`,
        [batch.map((doc) => doc.sfs)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
