import type { Amendment, LawDocument, LawMetadata } from '@laglig/contracts';
import { toContractStructure, type StoredStructure } from '../ingestion/structure';
import type { AmendmentEntity } from './amendment.entity';
import type { DocumentVersionEntity } from './document-version.entity';
import type { DocumentEntity } from './document.entity';

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

export function toLawMetadata(document: DocumentEntity, version: DocumentVersionEntity): LawMetadata {
  return {
    sfs: document.sfs,
    documentId: document.dokId,
    title: document.title,
    department: document.department,
    issuedAt: document.issuedAt,
    inForce: document.inForce,
    amendedThrough: version.amendedThrough,
    repealed: document.repealed,
    repealedAt: document.repealedAt,
    sourceName: document.sourceName,
    sourceUrl: document.sourceUrl,
    fetchedAt: iso(document.fetchedAt),
    updatedAt: iso(document.updatedAt),
    version: {
      id: version.id,
      contentHash: version.contentHash,
      amendedThrough: version.amendedThrough,
      createdAt: iso(version.createdAt),
    },
  };
}

export function toLawDocument(document: DocumentEntity, version: DocumentVersionEntity): LawDocument {
  return {
    ...toLawMetadata(document, version),
    structure: toContractStructure(version.structure as unknown as StoredStructure),
  };
}

export function toAmendment(row: AmendmentEntity): Amendment {
  return {
    sfs: row.amendingSfs,
    // The register sometimes lacks a title (rubrik); the SFS number is the honest label then.
    title: row.title ?? `SFS ${row.amendingSfs}`,
    inForce: row.inForce,
    notes: row.notes,
  };
}
