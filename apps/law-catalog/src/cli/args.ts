/** Arguments of `main.js ingest`: --dir <folder> | --api <baseUrl> [--from YYYY-MM-DD] [--concurrency N] [--page-size N]. */
export type IngestArgs =
  | { source: 'dir'; dir: string; concurrency: number }
  | { source: 'api'; baseUrl: string; from: string | null; concurrency: number; pageSize: number | null };

export type ParsedArgs = { ok: true; args: IngestArgs } | { ok: false; help: boolean; message: string };

export const USAGE = `Användning:
  main.js ingest --dir <mapp>                       läs in författningar från en mapp (YYYY-NNN.json + .txt [+ .sfsr.json])
  main.js ingest --api <bas-url> [--from ÅÅÅÅ-MM-DD] hämta SFS från Riksdagens öppna data (t.ex. https://data.riksdagen.se)
Flaggor:
  --concurrency <n>   dokument som bearbetas samtidigt (standard 4, högst 32)
  --page-size <n>     träffar per sida i dokumentlistan (endast --api)
  --help              visa denna hjälp`;

const VALUE_FLAGS = new Set(['--dir', '--api', '--from', '--concurrency', '--page-size']);

export function parseIngestArgs(argv: readonly string[]): ParsedArgs {
  const args = argv[0] === 'ingest' ? argv.slice(1) : [...argv];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { ok: false, help: true, message: USAGE };
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return { ok: false, help: false, message: `Okänt argument: ${arg}` };
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      return { ok: false, help: false, message: `${flag} kräver ett värde` };
    }
    if (values.has(flag)) return { ok: false, help: false, message: `${flag} angavs mer än en gång` };
    values.set(flag, value);
  }

  const concurrency = intFlag(values.get('--concurrency'), 4, 1, 32);
  if (concurrency === null) return { ok: false, help: false, message: '--concurrency måste vara ett heltal 1–32' };
  const dir = values.get('--dir');
  const api = values.get('--api');
  if ((dir === undefined) === (api === undefined)) {
    return { ok: false, help: false, message: 'Ange exakt en källa: --dir <mapp> eller --api <bas-url>' };
  }
  if (dir !== undefined) {
    if (values.has('--from') || values.has('--page-size')) {
      return { ok: false, help: false, message: '--from och --page-size gäller bara --api' };
    }
    return { ok: true, args: { source: 'dir', dir, concurrency } };
  }
  const baseUrl = (api as string).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl)) return { ok: false, help: false, message: '--api måste vara en http(s)-adress' };
  const from = values.get('--from') ?? null;
  if (from !== null && !isIsoDate(from)) return { ok: false, help: false, message: '--from måste vara ett datum ÅÅÅÅ-MM-DD' };
  const pageSize = values.has('--page-size') ? intFlag(values.get('--page-size'), 20, 1, 500) : null;
  if (values.has('--page-size') && pageSize === null) return { ok: false, help: false, message: '--page-size måste vara ett heltal 1–500' };
  return { ok: true, args: { source: 'api', baseUrl, from, concurrency, pageSize } };
}

function intFlag(value: string | undefined, fallback: number, min: number, max: number): number | null {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCDate() === Number(match[3]) && date.getUTCMonth() === Number(match[2]) - 1;
}
