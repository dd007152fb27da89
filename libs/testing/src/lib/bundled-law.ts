import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LawDocument, LawMetadata, LawStructure } from '@laglig/contracts';
import { parseSfsText } from '@laglig/sfs-parser';
import { lawDocumentFixture } from './law-fixtures';

/** Parser output → contract shape (the parser has a few more fields; the contract allows a null validity date). */
export function toLawStructure(parsed: ReturnType<typeof parseSfsText>): LawStructure {
  return JSON.parse(JSON.stringify({ preamble: parsed.preamble, body: parsed.body, transitional: parsed.transitional })) as LawStructure;
}

/** "1977:480" → "1977-480" (the file names in data/sfs). */
function baseName(sfs: string): string {
  return sfs.replace(':', '-');
}

/** SFS numbers of the statutes bundled in `dir` (data/sfs): every `<yyyy>-<nr>.json` with its `.txt`, sorted. */
export function bundledSfsNumbers(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d+\.json$/.test(f) && existsSync(join(dir, f.replace(/\.json$/, '.txt'))))
    .map((f) => f.replace(/\.json$/, '').replace('-', ':'))
    .sort();
}

/** A UUID (RFC 4122 variant, version 5 layout) derived from a hex digest, so the same text gets the same version id. */
function uuidFromHex(hex: string): string {
  const h = hex.slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/**
 * One bundled statute of `dir` (data/sfs: `<yyyy>-<nr>.txt` in Riksdagen's
 * text format, `.json` with `titel`) as a LawDocument satisfying
 * LawDocumentSchema, parsed with the real parser. Deterministic: the version's
 * content hash is the sha256 of the text file and its id is derived from it,
 * so an unchanged file yields the same version. `overrides` replace metadata
 * fields (e.g. a fresh version for a "changed" event).
 */
export function bundledLawDocument(sfs: string, dir: string, overrides: Partial<LawMetadata> = {}): LawDocument {
  const base = join(dir, baseName(sfs));
  const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { titel: string };
  const text = readFileSync(`${base}.txt`, 'utf8');
  const contentHash = createHash('sha256').update(text).digest('hex');
  const versionId = uuidFromHex(createHash('sha256').update(`${sfs}\n${contentHash}`).digest('hex'));
  return lawDocumentFixture(
    sfs,
    {
      title: meta.titel,
      version: { id: versionId, contentHash, amendedThrough: null, createdAt: '2026-01-01T00:00:00.000Z' },
      ...overrides,
    },
    toLawStructure(parseSfsText(text)),
  );
}
