import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** Read access to the repository, by repository-relative POSIX paths. */
export interface Workspace {
  read(path: string): string;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Names of the entries of a directory (not recursive). */
  list(dir: string): string[];
}

/** The repository root: the nearest directory above `start` with nx.json. */
export function findWorkspaceRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export function fsWorkspace(root: string): Workspace {
  const abs = (path: string) => join(root, ...path.split('/'));
  return {
    read: (path) => readFileSync(abs(path), 'utf8'),
    exists: (path) => existsSync(abs(path)),
    isDirectory: (path) => existsSync(abs(path)) && statSync(abs(path)).isDirectory(),
    list: (dir) => (existsSync(abs(dir)) ? readdirSync(abs(dir)).sort() : []),
  };
}

/**
 * The workspace with some files replaced (string) or removed (null); used to
 * show that each check notices a broken file.
 */
export function withOverrides(base: Workspace, overrides: Record<string, string | null>): Workspace {
  const norm = (path: string) => posix.normalize(path);
  const has = (path: string) => Object.prototype.hasOwnProperty.call(overrides, norm(path));
  return {
    read: (path) => {
      if (!has(path)) return base.read(path);
      const text = overrides[norm(path)];
      if (text === null) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    exists: (path) => (has(path) ? overrides[norm(path)] !== null : base.exists(path)),
    isDirectory: (path) => base.isDirectory(path),
    list: (dir) => {
      const names = new Set(base.list(dir));
      for (const [path, text] of Object.entries(overrides)) {
        if (posix.dirname(path) !== norm(dir)) continue;
        if (text === null) names.delete(posix.basename(path));
        else names.add(posix.basename(path));
      }
      return [...names].sort();
    },
  };
}
