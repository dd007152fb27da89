import { parse, parseAllDocuments } from 'yaml';

/** Helpers to read parsed YAML (plain data of unknown shape) safely. */
export type Data = Record<string, unknown>;

export function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function rec(value: unknown): Data {
  return isRecord(value) ? value : {};
}
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
/** Follows a path of keys/indexes; undefined as soon as one is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

// YAML 1.1 merge keys (`<<: *anchor`) are used by docker-compose.yml.
const OPTIONS = { merge: true, prettyErrors: false } as const;

/** One YAML document; throws with the file name on a syntax error. */
export function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text, OPTIONS);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** Every document of a multi-document YAML file (empty documents dropped). */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const docs = parseAllDocuments(text, OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  const out: unknown[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}
