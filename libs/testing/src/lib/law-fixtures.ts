import type { LawDocument, LawMetadata, LawStructure } from '@laglig/contracts';

const EMPTY_STRUCTURE: LawStructure = { preamble: '', body: [], transitional: [] };
const FIXED_TIME = '2026-01-01T00:00:00.000Z';
const FIXED_VERSION = '5f0b8a52-3c1e-4f7e-9a52-0d4d7f3f9e11';

/**
 * Law metadata that satisfies LawMetadataSchema, for tests whose law-catalog
 * side is a stand-in RpcServer. Deterministic unless overridden.
 */
export function lawMetadataFixture(sfs: string, overrides: Partial<LawMetadata> = {}): LawMetadata {
  return {
    sfs,
    documentId: `sfs-${sfs.replace(':', '-')}`,
    title: `Lag (${sfs})`,
    department: null,
    issuedAt: null,
    inForce: null,
    amendedThrough: null,
    repealed: false,
    repealedAt: null,
    sourceName: 'test',
    sourceUrl: null,
    fetchedAt: FIXED_TIME,
    updatedAt: FIXED_TIME,
    version: { id: FIXED_VERSION, contentHash: 'a'.repeat(64), amendedThrough: null, createdAt: FIXED_TIME },
    ...overrides,
  };
}

/** A whole document (metadata + structure) satisfying LawDocumentSchema. */
export function lawDocumentFixture(
  sfs: string,
  overrides: Partial<LawMetadata> = {},
  structure: LawStructure = EMPTY_STRUCTURE,
): LawDocument {
  return { ...lawMetadataFixture(sfs, overrides), structure };
}
