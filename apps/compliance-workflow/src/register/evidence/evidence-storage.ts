import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where evidence files live. Keys are made by the service (workspace id and a
 * random id), never from the uploader's file name. Implementations: the file
 * system (one directory, shared by every replica through a volume); an
 * object store (S3 and the like) implements the same three calls.
 */
export interface EvidenceStorage {
  put(key: string, content: Buffer): Promise<void>;
  /** The content, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the content; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY = new RegExp(`^${UUID}/${UUID}$`);

/** A fresh storage key: `<workspaceId>/<random uuid>`. */
export const newStorageKey = (workspaceId: string): string => `${workspaceId}/${randomUUID()}`;

/**
 * Evidence on the local file system under `root` (EVIDENCE_DIR). A file is
 * written to a temporary name and renamed into place, so a reader never sees
 * half a file; keys are checked against their one shape, so no key can point
 * outside the root.
 */
export class FileSystemEvidenceStorage implements EvidenceStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('invalid evidence storage key');
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error('invalid evidence storage key');
    return path;
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, content, { flag: 'wx', mode: 0o600 });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
