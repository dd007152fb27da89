import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromBundled, MalformedDocumentError, type BundledMetadata, type BundledRegister, type SourceDocument } from './source-document';

/** A folder in the bundled format: YYYY-NNN.json (metadata) + YYYY-NNN.txt (text) [+ YYYY-NNN.sfsr.json]. */
export async function listFolderDocuments(dir: string): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((file) => file.endsWith('.json') && !file.endsWith('.sfsr.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** Read one document of the folder by its base name ("1977-480"). */
export async function readFolderDocument(dir: string, base: string, fetchedAt = new Date()): Promise<SourceDocument> {
  let meta: BundledMetadata;
  try {
    meta = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as BundledMetadata;
  } catch (error) {
    throw new MalformedDocumentError(base, `Metadata kunde inte läsas: ${(error as Error).message}`);
  }
  const id = typeof meta.dok_id === 'string' ? meta.dok_id : base;
  const textFile = join(dir, `${base}.txt`);
  if (!existsSync(textFile)) throw new MalformedDocumentError(id, 'Textfilen saknas');
  const text = await readFile(textFile, 'utf8');
  const registerFile = join(dir, `${base}.sfsr.json`);
  let register: BundledRegister | null = null;
  if (existsSync(registerFile)) {
    try {
      register = JSON.parse(await readFile(registerFile, 'utf8')) as BundledRegister;
    } catch (error) {
      throw new MalformedDocumentError(id, `Ändringsregistret kunde inte läsas: ${(error as Error).message}`);
    }
  }
  return fromBundled(meta, text, register, fetchedAt, id);
}
