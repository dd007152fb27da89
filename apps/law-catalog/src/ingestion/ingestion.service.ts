import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, refuse, succeed, type LawChangeKind, type OperationResult, type SectionChange } from '@laglig/contracts';
import { parseSfsText, SfsParseError, type ParsedSfs } from '@laglig/sfs-parser';
import { LawChangeEntity } from '../changes/law-change.entity';
import { AmendmentEntity } from '../documents/amendment.entity';
import { DocumentVersionEntity } from '../documents/document-version.entity';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsRepository } from '../documents/documents.repository';
import { SectionEntity } from '../documents/section.entity';
import { lawEventId, type PendingLawEvent } from '../events/law-event-publisher';
import { enqueueEvents } from '../events/outbox';
import { compareSections } from './diff';
import { amendingSfsOf, contentHash, normaliseText } from './normalise';
import type { SourceAmendment, SourceDocument } from './source-document';
import { toSectionRows, toStoredStructure } from './structure';

export type IngestStatus =
  /** A document the catalog did not have. */
  | 'created'
  /** A new text: new version (or a return to an earlier one). */
  | 'changed'
  /** Same text; metadata or amendment register changed. */
  | 'updated'
  /** Nothing differs; nothing was written. */
  | 'unchanged';

export interface IngestOutcome {
  status: IngestStatus;
  sfs: string;
  documentId: string;
  versionId: string;
  sectionCount: number;
  events: PendingLawEvent[];
  /** The change record written (law_changes.id), or null when nothing but metadata changed. */
  changeId: string | null;
}

export interface IngestOptions {
  /** The sync run that fetched the document (recorded on the change). */
  syncRunId?: string | null;
}

interface ChangeRecord {
  documentId: string;
  sfs: string;
  kind: LawChangeKind;
  fromVersionId: string | null;
  toVersionId: string;
  amendingSfs: string | null;
  inForce: string | null;
  substantive: boolean;
  sections: SectionChange[];
}

/** The document fields that come from the source (compared to decide whether anything changed). */
type DocumentFields = Pick<
  DocumentEntity,
  'dokId' | 'title' | 'department' | 'issuedAt' | 'inForce' | 'repealed' | 'repealedAt' | 'repealedBy' | 'sourceName' | 'sourceUrl'
>;
const DOCUMENT_FIELDS: Array<keyof DocumentFields> = [
  'dokId',
  'title',
  'department',
  'issuedAt',
  'inForce',
  'repealed',
  'repealedAt',
  'repealedBy',
  'sourceName',
  'sourceUrl',
];

const INSERT_CHUNK = 1000;

/**
 * The single way a statute enters the catalog, whichever source it came
 * from: parse, hash the normalised text, and
 *  - unchanged text and metadata: write nothing;
 *  - same text, other metadata/register: update the document row;
 *  - new text: a new version (old ones are kept), its sections, the
 *    document's current version moves, and a law.changed event with the
 *    section-level diff; a new statute gives law.ingested.
 * Events go to the outbox in the same transaction (published after commit).
 * Concurrent ingests of one statute (several replicas) serialise on an
 * advisory transaction lock keyed by the SFS number.
 */
@Injectable()
export class IngestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: DocumentsRepository,
  ) {}

  async ingest(source: SourceDocument, options: IngestOptions = {}): Promise<OperationResult<IngestOutcome>> {
    const syncRunId = options.syncRunId ?? null;
    const text = normaliseText(source.text);
    if (text === '') {
      if (source.repealedAt || source.repealedBy) return this.ingestRepealWithoutText(source, syncRunId);
      return refuse(ErrorCode.INVALID_INPUT, 'Dokumentet saknar text', { sfs: source.sfs });
    }
    const hash = contentHash(text);

    const unchanged = await this.unchangedFastPath(source, hash);
    if (unchanged) return succeed(unchanged);

    // Parse outside the transaction (CPU work), unless the text is known already.
    let parsed: ParsedSfs | null = null;
    const known = await this.isKnownText(source.sfs, hash);
    if (!known) {
      const result = this.parse(text, source.sfs);
      if (!result.ok) return result;
      parsed = result.value;
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`laglig:ingest:${source.sfs}`]);
      const document = await this.documents.findBySfs(source.sfs, manager);
      if (!document) {
        if (!parsed) {
          const result = this.parse(text, source.sfs);
          if (!result.ok) return result;
          parsed = result.value;
        }
        return succeed(await this.create(manager, source, text, hash, parsed, syncRunId));
      }
      const currentHash = await this.documents.currentHash(source.sfs, manager);
      if (currentHash === hash) return succeed(await this.updateMetadata(manager, document, source, syncRunId));
      const existingVersionId = await this.documents.versionIdByHash(document.id, hash, manager);
      if (!existingVersionId && !parsed) {
        const result = this.parse(text, source.sfs);
        if (!result.ok) return result;
        parsed = result.value;
      }
      return succeed(await this.change(manager, document, source, text, hash, parsed, existingVersionId, syncRunId));
    });
  }

  /**
   * The common case of a sync — the same text and metadata as stored — decided
   * with two reads and no transaction, lock or write (the slow path takes about
   * ten statements for the same answer; see docs/benchmarks.md, change
   * detection). Only for sources without an amendment register (the API): a
   * register is compared row by row on the slow path. Reading outside the lock
   * is safe: "unchanged" writes nothing, and a concurrent ingest of another
   * text is decided on its own.
   */
  private async unchangedFastPath(source: SourceDocument, hash: string): Promise<IngestOutcome | null> {
    if (source.amendments !== null) return null;
    const document = await this.documents.findBySfs(source.sfs);
    if (!document?.currentVersionId) return null;
    const current = await this.documents.currentVersionSummary(document.currentVersionId);
    if (!current || current.contentHash !== hash) return null;
    if (this.changedFields(document, this.fieldsFrom(source, null, document))) return null;
    return { status: 'unchanged', sfs: source.sfs, documentId: document.id, versionId: document.currentVersionId, sectionCount: current.sectionCount, events: [], changeId: null };
  }

  private parse(text: string, sfs: string): OperationResult<ParsedSfs> {
    try {
      return succeed(parseSfsText(text));
    } catch (error) {
      if (error instanceof SfsParseError) {
        return refuse(ErrorCode.INVALID_INPUT, 'Texten kunde inte tolkas som en författning', { sfs, reason: error.message });
      }
      throw error;
    }
  }

  private async isKnownText(sfs: string, hash: string): Promise<boolean> {
    const document = await this.documents.findBySfs(sfs);
    if (!document) return false;
    return (await this.documents.versionIdByHash(document.id, hash)) !== null;
  }

  private fieldsFrom(source: SourceDocument, textRepealedBy: string | null, previous?: DocumentEntity): DocumentFields {
    const repealedBy = source.repealedBy ?? textRepealedBy ?? previous?.repealedBy ?? null;
    return {
      dokId: source.dokId,
      title: source.title,
      department: source.department,
      issuedAt: source.issuedAt,
      inForce: source.inForce,
      repealed: Boolean(source.repealedAt || repealedBy || previous?.repealed),
      repealedAt: source.repealedAt ?? previous?.repealedAt ?? null,
      repealedBy,
      sourceName: source.sourceName,
      sourceUrl: source.sourceUrl,
    };
  }

  private async create(
    manager: EntityManager,
    source: SourceDocument,
    text: string,
    hash: string,
    parsed: ParsedSfs,
    syncRunId: string | null,
  ): Promise<IngestOutcome> {
    const fields = this.fieldsFrom(source, parsed.repealedBy);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DocumentEntity)
      .values({ ...fields, sfs: source.sfs, currentVersionId: null, fetchedAt: source.fetchedAt, updatedAt: new Date() })
      .returning(['id'])
      .execute();
    const documentId = (inserted.identifiers[0] as { id: string }).id;
    const versionId = await this.insertVersion(manager, documentId, source, text, hash, parsed);
    await manager.update(DocumentEntity, { id: documentId }, { currentVersionId: versionId });
    await this.syncAmendments(manager, documentId, source.amendments);
    const amendingSfs = amendingSfsOf(source.amendedThrough);
    const changeId = await this.recordChange(manager, syncRunId, {
      documentId,
      sfs: source.sfs,
      kind: 'new',
      fromVersionId: null,
      toVersionId: versionId,
      amendingSfs,
      inForce: await this.inForceOf(manager, documentId, amendingSfs),
      substantive: true,
      sections: [],
    });
    const events: PendingLawEvent[] = [
      {
        id: lawEventId('law.ingested', versionId),
        type: 'law.ingested',
        payload: { sfs: source.sfs, title: fields.title, versionId, contentHash: hash, sectionCount: parsed.sections.length },
      },
    ];
    await enqueueEvents(manager, events);
    return { status: 'created', sfs: source.sfs, documentId, versionId, sectionCount: parsed.sections.length, events, changeId };
  }

  private async updateMetadata(
    manager: EntityManager,
    document: DocumentEntity,
    source: SourceDocument,
    syncRunId: string | null,
  ): Promise<IngestOutcome> {
    const versionId = document.currentVersionId as string;
    const fields = this.fieldsFrom(source, null, document);
    const changedFields = this.changedFields(document, fields);
    const registerChanged = await this.syncAmendments(manager, document.id, source.amendments);
    const sectionCount = await this.sectionCount(manager, versionId);
    if (!changedFields && !registerChanged) {
      return { status: 'unchanged', sfs: source.sfs, documentId: document.id, versionId, sectionCount, events: [], changeId: null };
    }
    const events: PendingLawEvent[] = [];
    let changeId: string | null = null;
    if (changedFields) {
      await manager.update(DocumentEntity, { id: document.id }, { ...changedFields, fetchedAt: source.fetchedAt, updatedAt: new Date() });
      if (fields.repealed && !document.repealed) {
        // Repealed without a new text: a change record from the current version to itself.
        changeId = await this.recordChange(manager, syncRunId, {
          documentId: document.id,
          sfs: source.sfs,
          kind: 'repealed',
          fromVersionId: versionId,
          toVersionId: versionId,
          amendingSfs: fields.repealedBy,
          inForce: fields.repealedAt,
          substantive: true,
          sections: [],
        });
        events.push(this.repealedEvent(source.sfs, fields, versionId, changeId));
      }
    } else {
      await manager.update(DocumentEntity, { id: document.id }, { updatedAt: new Date() });
    }
    await enqueueEvents(manager, events);
    return { status: 'updated', sfs: source.sfs, documentId: document.id, versionId, sectionCount, events, changeId };
  }

  private async change(
    manager: EntityManager,
    document: DocumentEntity,
    source: SourceDocument,
    text: string,
    hash: string,
    parsed: ParsedSfs | null,
    existingVersionId: string | null,
    syncRunId: string | null,
  ): Promise<IngestOutcome> {
    const previousVersionId = document.currentVersionId;
    const versionId =
      existingVersionId ?? (await this.insertVersion(manager, document.id, source, text, hash, parsed as ParsedSfs));
    const fields = this.fieldsFrom(source, parsed?.repealedBy ?? null, document);
    await manager.update(
      DocumentEntity,
      { id: document.id },
      { ...fields, currentVersionId: versionId, fetchedAt: source.fetchedAt, updatedAt: new Date() },
    );
    await this.syncAmendments(manager, document.id, source.amendments);

    const next = await this.documents.sectionsOf(versionId, manager);
    const events: PendingLawEvent[] = [];
    const repealedNow = fields.repealed && !document.repealed;
    const amendingSfs = amendingSfsOf(source.amendedThrough);
    const inForce = await this.inForceOf(manager, document.id, amendingSfs);
    let changeId: string;
    if (previousVersionId) {
      const previous = await this.documents.sectionsOf(previousVersionId, manager);
      const comparison = compareSections(previous, next);
      changeId = await this.recordChange(manager, syncRunId, {
        documentId: document.id,
        sfs: source.sfs,
        kind: repealedNow ? 'repealed' : 'amended',
        fromVersionId: previousVersionId,
        toVersionId: versionId,
        amendingSfs: repealedNow ? (fields.repealedBy ?? amendingSfs) : amendingSfs,
        inForce: repealedNow ? (fields.repealedAt ?? inForce) : inForce,
        substantive: comparison.substantive || repealedNow,
        sections: comparison.sections,
      });
      events.push({
        id: lawEventId('law.changed', versionId, existingVersionId ? previousVersionId : undefined),
        type: 'law.changed',
        payload: {
          sfs: source.sfs,
          title: fields.title,
          previousVersionId,
          versionId,
          amendingSfs,
          inForce,
          added: comparison.added,
          modified: comparison.modified,
          repealed: comparison.repealed,
          substantive: comparison.substantive,
          changeId,
          sections: comparison.sections,
        },
      });
    } else {
      changeId = await this.recordChange(manager, syncRunId, {
        documentId: document.id,
        sfs: source.sfs,
        kind: 'new',
        fromVersionId: null,
        toVersionId: versionId,
        amendingSfs,
        inForce,
        substantive: true,
        sections: [],
      });
      events.push({
        id: lawEventId('law.ingested', versionId),
        type: 'law.ingested',
        payload: { sfs: source.sfs, title: fields.title, versionId, contentHash: hash, sectionCount: next.length },
      });
    }
    if (repealedNow) events.push(this.repealedEvent(source.sfs, fields, versionId, changeId));
    await enqueueEvents(manager, events);
    return { status: 'changed', sfs: source.sfs, documentId: document.id, versionId, sectionCount: next.length, events, changeId };
  }

  /** A repealed statute whose source no longer carries its text: record the repeal on the existing document. */
  private async ingestRepealWithoutText(source: SourceDocument, syncRunId: string | null): Promise<OperationResult<IngestOutcome>> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`laglig:ingest:${source.sfs}`]);
      const document = await this.documents.findBySfs(source.sfs, manager);
      if (!document?.currentVersionId) {
        return refuse(ErrorCode.NOT_FOUND, 'Upphävd författning utan text som inte finns i katalogen', { sfs: source.sfs });
      }
      return succeed(
        await this.updateMetadata(manager, document, { ...source, sourceUrl: source.sourceUrl ?? document.sourceUrl }, syncRunId),
      );
    });
  }

  private repealedEvent(sfs: string, fields: DocumentFields, versionId: string, changeId: string): PendingLawEvent<'law.repealed'> {
    return {
      id: lawEventId('law.repealed', versionId),
      type: 'law.repealed',
      payload: { sfs, title: fields.title, versionId, repealedBy: fields.repealedBy, changeId, repealedAt: fields.repealedAt },
    };
  }

  /** Writes a change record in the ingest transaction; its id goes into the events. */
  private async recordChange(manager: EntityManager, syncRunId: string | null, record: ChangeRecord): Promise<string> {
    const id = randomUUID();
    await manager.insert(LawChangeEntity, { id, ...record, syncRunId });
    return id;
  }

  private changedFields(document: DocumentEntity, fields: DocumentFields): Partial<DocumentFields> | null {
    const changed: Partial<Record<keyof DocumentFields, unknown>> = {};
    for (const key of DOCUMENT_FIELDS) {
      if (document[key] !== fields[key]) changed[key] = fields[key];
    }
    return Object.keys(changed).length > 0 ? (changed as Partial<DocumentFields>) : null;
  }

  private async insertVersion(
    manager: EntityManager,
    documentId: string,
    source: SourceDocument,
    text: string,
    hash: string,
    parsed: ParsedSfs,
  ): Promise<string> {
    const rows = toSectionRows(parsed);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DocumentVersionEntity)
      .values({
        documentId,
        contentHash: hash,
        amendedThrough: source.amendedThrough,
        rawText: text,
        structure: toStoredStructure(parsed) as unknown as DocumentVersionEntity['structure'],
        sectionCount: rows.length,
        parserWarnings: parsed.warnings,
        sourceName: source.sourceName,
      })
      .returning(['id'])
      .execute();
    const versionId = (inserted.identifiers[0] as { id: string }).id;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(SectionEntity)
        .values(rows.slice(i, i + INSERT_CHUNK).map((row) => ({ ...row, versionId, documentId })))
        .execute();
    }
    return versionId;
  }

  private async sectionCount(manager: EntityManager, versionId: string): Promise<number> {
    const version = await manager.findOne(DocumentVersionEntity, { select: { id: true, sectionCount: true }, where: { id: versionId } });
    return version?.sectionCount ?? 0;
  }

  /** Replace the register when the source has one; returns whether anything changed. */
  private async syncAmendments(manager: EntityManager, documentId: string, incoming: SourceAmendment[] | null): Promise<boolean> {
    if (incoming === null) return false;
    const existing = new Map((await this.documents.amendmentsOf(documentId, manager)).map((row) => [row.amendingSfs, row]));
    const wanted = incoming.map((entry, position) => ({
      documentId,
      amendingSfs: entry.sfs,
      title: entry.title,
      inForce: entry.inForce,
      notes: entry.notes,
      position,
    }));
    const changed = wanted.filter((row) => {
      const old = existing.get(row.amendingSfs);
      return !old || old.title !== row.title || old.inForce !== row.inForce || old.notes !== row.notes || old.position !== row.position;
    });
    const wantedIds = new Set(wanted.map((row) => row.amendingSfs));
    const removed = [...existing.keys()].filter((sfs) => !wantedIds.has(sfs));
    for (let i = 0; i < changed.length; i += INSERT_CHUNK) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(AmendmentEntity)
        .values(changed.slice(i, i + INSERT_CHUNK))
        .orUpdate(['title', 'in_force', 'notes', 'position'], ['document_id', 'amending_sfs'])
        .execute();
    }
    if (removed.length > 0) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(AmendmentEntity)
        .where('document_id = :documentId AND amending_sfs IN (:...removed)', { documentId, removed })
        .execute();
    }
    return changed.length > 0 || removed.length > 0;
  }

  private async inForceOf(manager: EntityManager, documentId: string, amendingSfs: string | null): Promise<string | null> {
    if (!amendingSfs) return null;
    const row = await manager.findOne(AmendmentEntity, { where: { documentId, amendingSfs } });
    return row?.inForce ?? null;
  }
}
