/**
 * A loopback stand-in for data.riksdagen.se, serving the bundled statutes
 * (data/sfs/*.json + *.txt) in the real response shapes, so the product's
 * real HTTP client is exercised over the network (DESIGN §6).
 *
 *   GET /dokumentlista/?doktyp=sfs&utformat=json&sort=datum|systemdatum&sortorder=asc|desc&from=YYYY-MM-DD&tom=...&p=N&sz=M
 *   GET /dokument/<dok_id>.text
 *   GET /dokumentstatus/<dok_id>.json
 *
 * Values are strings, dates look like the API's ("1977-06-09 00:00:00" in
 * dokumentstatus), document URLs are protocol-relative ("//host/dokument/...")
 * and texts use CRLF, as the real API does. Faults can be injected per path.
 * Every document has its own systemdatum (when it last changed at the
 * source); publishing a new text bumps it, as the real API does, so a sync
 * listing by systemdatum finds the document again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

export const DEFAULT_SFS_DIR = resolve(__dirname, '..', '..', '..', '..', 'data', 'sfs');

/** Metadata of one bundled statute (data/sfs/YYYY-NNN.json, Riksdagen field names). */
export interface SfsFixtureMeta {
  dok_id: string;
  beteckning: string;
  rm: string;
  nummer: string;
  titel: string;
  undertitel?: string;
  organ?: string;
  datum: string;
  doktyp?: string;
  typ?: string;
  subtyp?: string;
  dokumentnamn?: string;
  rkrattsbaser_falt?: Record<string, string>;
}

export interface SfsFixture {
  meta: SfsFixtureMeta;
  /** Consolidated text (LF line endings, as bundled). */
  text: string;
}

export type PathMatcher = string | RegExp;

export interface RiksdagenServerOptions {
  /** Folder in the bundled format; default data/sfs of the workspace. */
  dataDir?: string;
  /** Serve only these SFS numbers ("1977:480"). */
  only?: string[];
  /** Default page size of /dokumentlista/ when `sz` is absent (the real API's is 20). */
  pageSize?: number;
  /** Answer `status` (default 503) to the first `times` hits of a path. String = exact pathname; RegExp = tested against pathname+search. */
  failures?: Array<{ path: PathMatcher; times: number; status?: number }>;
  /** Serve a broken document: dokumentstatus with invalid JSON, or an empty text from both document endpoints. */
  malformed?: Array<{ dokId: string; kind: 'invalid-json' | 'empty-text' }>;
  /** Delay responses of a path. */
  slow?: Array<{ path: PathMatcher; delayMs: number }>;
  /** "publicerad"/"systemdatum" of every document at start; default "2024-04-12 04:00:00". */
  systemdatum?: string;
}

export interface RecordedRequest {
  method: string;
  /** pathname + search. */
  path: string;
  status: number;
}

export interface RiksdagenServer {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  /** Number of requests whose pathname equals `pathname`. */
  hits(pathname: string): number;
  /**
   * Replace a document's text (simulates a new consolidated version). Its
   * systemdatum becomes `systemdatum` (default: now, "YYYY-MM-DD HH:MM:SS" UTC).
   */
  setText(dokId: string, text: string, systemdatum?: string): void;
  /** Change fields of a document's metadata (systemdatum unchanged unless given). */
  setMeta(dokId: string, meta: Partial<SfsFixtureMeta>, systemdatum?: string): void;
  /** Mark a document repealed (dokuppgift upphnr/upphavd), optionally with its new text; bumps its systemdatum. */
  repeal(dokId: string, repeal: { by: string; at: string; text?: string; systemdatum?: string }): void;
  /** Remove a document from the API (list and document endpoints answer as if it never existed). */
  remove(dokId: string): void;
  /** A document's current systemdatum. */
  systemdatumOf(dokId: string): string;
  close(): Promise<void>;
}

/** Read the bundled statutes of a folder (skips *.sfsr.json). */
export function loadSfsFixtures(dataDir: string = DEFAULT_SFS_DIR): SfsFixture[] {
  return readdirSync(dataDir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.sfsr.json'))
    .sort()
    .map((file) => {
      const meta = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as SfsFixtureMeta;
      const text = readFileSync(join(dataDir, file.replace(/\.json$/, '.txt')), 'utf8');
      return { meta, text };
    });
}

const matches = (matcher: PathMatcher, pathname: string, full: string): boolean =>
  typeof matcher === 'string' ? matcher === pathname : matcher.test(full);

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export async function startRiksdagenServer(options: RiksdagenServerOptions = {}): Promise<RiksdagenServer> {
  let fixtures = loadSfsFixtures(options.dataDir);
  if (options.only) {
    const wanted = new Set(options.only);
    fixtures = fixtures.filter((f) => wanted.has(f.meta.beteckning));
  }
  const initialSystemdatum = options.systemdatum ?? '2024-04-12 04:00:00';
  const byId = new Map(fixtures.map((f) => [f.meta.dok_id, { meta: { ...f.meta }, text: f.text, systemdatum: initialSystemdatum }]));
  const requests: RecordedRequest[] = [];
  const failureHits = new Map<number, number>();
  const nowSystemdatum = (): string => new Date().toISOString().replace('T', ' ').slice(0, 19);
  const docOf = (dokId: string): { meta: SfsFixtureMeta; text: string; systemdatum: string } => {
    const doc = byId.get(dokId);
    if (!doc) throw new Error(`unknown dok_id ${dokId}`);
    return doc;
  };
  let baseUrl = '';

  const send = (res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string): void => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status });
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const listItem = ({ meta, systemdatum }: { meta: SfsFixtureMeta; systemdatum: string }, index: number): Record<string, unknown> => {
    const host = baseUrl.replace(/^https?:/, '');
    return {
      traff: String(index + 1),
      domain: 'rdwebb',
      database: 'dokument',
      datum: meta.datum,
      id: meta.dok_id,
      rdrest: null,
      slutdatum: '',
      rddata: null,
      plats: '',
      klockslag: '',
      publicerad: systemdatum,
      systemdatum,
      undertitel: meta.undertitel ?? '',
      kalla: '',
      kall_id: '',
      dok_id: meta.dok_id,
      dokumentformat: '',
      dokumentnamn: meta.dokumentnamn ?? 'Svensk författningssamling',
      debattnamn: 'Svensk författningssamling',
      beteckning: meta.beteckning,
      rm: meta.rm,
      nummer: meta.nummer,
      titel: meta.titel,
      organ: meta.organ ?? '',
      doktyp: 'sfs',
      typ: 'sfs',
      subtyp: meta.subtyp ?? 'sfst',
      status: '',
      notis: '',
      notisrubrik: meta.titel,
      dokument_url_text: `${host}/dokument/${meta.dok_id}.text`,
      dokument_url_html: `${host}/dokument/${meta.dok_id}.html`,
      dokumentstatus_url_xml: `${host}/dokumentstatus/${meta.dok_id}.xml`,
      filbilaga: null,
      sokdata: { titel: meta.titel, undertitel: `Svensk författningssamling ${meta.beteckning}`, statusrad: meta.datum },
    };
  };

  const dokumentlista = (url: URL): string => {
    const q = url.searchParams;
    const doktyp = (q.get('doktyp') ?? '').toLowerCase();
    const from = q.get('from') ?? '';
    const tom = q.get('tom') ?? '';
    let docs = [...byId.values()].filter(() => doktyp === '' || doktyp === 'sfs');
    if (from) docs = docs.filter((d) => d.meta.datum >= from);
    if (tom) docs = docs.filter((d) => d.meta.datum <= tom);
    const desc = (q.get('sortorder') ?? 'desc').toLowerCase() === 'desc';
    const sort = q.get('sort') ?? '';
    docs.sort((a, b) => {
      const primary =
        sort === 'datum' ? a.meta.datum.localeCompare(b.meta.datum) : sort === 'systemdatum' ? a.systemdatum.localeCompare(b.systemdatum) : 0;
      const order = primary !== 0 ? primary : a.meta.dok_id.localeCompare(b.meta.dok_id);
      return desc ? -order : order;
    });
    const size = Math.max(1, Math.min(500, Number(q.get('sz') ?? options.pageSize ?? 20) || 20));
    const page = Math.max(1, Number(q.get('p') ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(docs.length / size));
    const slice = docs.slice((page - 1) * size, page * size);
    const list: Record<string, unknown> = {
      '@ms': '1.0',
      '@version': '3.5.3.20152',
      '@q': url.search.replace(/^\?/, ''),
      '@varning': '',
      '@datum': new Date().toISOString().replace('T', ' ').slice(0, 19),
      '@sida': String(page),
      '@sidor': String(pages),
      '@traff_fran': String(slice.length ? (page - 1) * size + 1 : 0),
      '@traff_till': String((page - 1) * size + slice.length),
      '@traffar': String(docs.length),
      '@dDt': '0',
      '@dPre': '0',
      '@dR': '0',
      '@dSol': String(docs.length),
      facettlista: null,
    };
    if (page < pages) {
      const next = new URL(url.toString());
      next.searchParams.set('p', String(page + 1));
      list['@nasta_sida'] = `${baseUrl}${next.pathname}${next.search}`;
    }
    if (slice.length > 0) list['dokument'] = slice.map((doc, i) => listItem(doc, (page - 1) * size + i));
    return JSON.stringify({ dokumentlista: list });
  };

  const dokumentstatus = (doc: SfsFixture & { systemdatum: string }, text: string): string => {
    const { meta, systemdatum } = doc;
    const falt = meta.rkrattsbaser_falt ?? {};
    const uppgift: Array<{ kod: string; namn: string; text: string | null }> = [
      { kod: 'artal', namn: 'artal', text: meta.rm },
      { kod: 'utfardad', namn: 'utfardad', text: falt['Utfärdad'] ?? meta.datum },
    ];
    if (meta.undertitel) uppgift.push({ kod: 'andrattillochmed', namn: 'andrattillochmed', text: meta.undertitel });
    if (falt['Ikraft']) uppgift.push({ kod: 'ikraft', namn: 'ikraft', text: falt['Ikraft'] });
    if (falt['Upphävd']) {
      uppgift.push({ kod: 'upphnr', namn: 'upphnr', text: falt['Upphävd'].replace(/^.*?(\d{4}:\d+).*$/, 'SFS $1') });
      const date = /\d{4}-\d{2}-\d{2}/.exec(falt['Upphävd'])?.[0];
      if (date) uppgift.push({ kod: 'upphavd', namn: 'upphavd', text: `${date} 00:00:00` });
    }
    uppgift.push({ kod: 'utdrag', namn: 'utdrag', text: text ? crlf(text.slice(0, 300)) : null });
    return JSON.stringify({
      dokumentstatus: {
        dokument: {
          dok_id: meta.dok_id,
          hangar_id: '',
          rm: meta.rm,
          beteckning: meta.beteckning,
          typ: 'sfs',
          subtyp: meta.subtyp ?? 'sfst',
          dokumentnamn: meta.dokumentnamn ?? 'Svensk författningssamling',
          tempbeteckning: '',
          organ: meta.organ ?? '',
          nummer: meta.nummer,
          slutnummer: '0',
          datum: `${meta.datum} 00:00:00`,
          publicerad: systemdatum,
          systemdatum,
          titel: meta.titel,
          subtitel: meta.undertitel ?? '',
          status: '',
          text: crlf(text),
          html: text ? `<pre>${escapeHtml(text)}</pre>` : '',
        },
        dokuppgift: { uppgift },
      },
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const full = `${url.pathname}${url.search}`;
    for (const slow of options.slow ?? []) {
      if (matches(slow.path, url.pathname, full)) await new Promise((r) => setTimeout(r, slow.delayMs));
    }
    if (res.destroyed) return;
    for (const [index, failure] of (options.failures ?? []).entries()) {
      if (!matches(failure.path, url.pathname, full)) continue;
      const hits = failureHits.get(index) ?? 0;
      if (hits < failure.times) {
        failureHits.set(index, hits + 1);
        send(res, req, failure.status ?? 503, 'text/plain; charset=utf-8', 'Service Unavailable');
        return;
      }
    }
    if (req.method !== 'GET') return send(res, req, 405, 'text/plain; charset=utf-8', 'Method Not Allowed');

    if (url.pathname === '/dokumentlista/' || url.pathname === '/dokumentlista') {
      return send(res, req, 200, 'application/json; charset=utf-8', dokumentlista(url));
    }
    const document = /^\/(dokument|dokumentstatus)\/([^/]+)\.(text|json)$/.exec(decodeURIComponent(url.pathname));
    if (document) {
      const [, kind, dokId, ext] = document;
      const doc = byId.get(dokId);
      if (!doc || (kind === 'dokument') !== (ext === 'text')) {
        return send(res, req, 404, 'text/plain; charset=utf-8', 'Not Found');
      }
      const fault = options.malformed?.find((m) => m.dokId === dokId)?.kind;
      const text = fault === 'empty-text' ? '' : doc.text;
      if (kind === 'dokument') return send(res, req, 200, 'text/plain; charset=utf-8', crlf(text));
      if (fault === 'invalid-json') {
        return send(res, req, 200, 'application/json; charset=utf-8', dokumentstatus(doc, text).slice(0, 120));
      }
      return send(res, req, 200, 'application/json; charset=utf-8', dokumentstatus(doc, text));
    }
    send(res, req, 404, 'text/plain; charset=utf-8', 'Not Found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, req, 500, 'text/plain; charset=utf-8', String(error));
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    hits: (pathname) => requests.filter((r) => r.path.split('?')[0] === pathname).length,
    setText(dokId, text, systemdatum) {
      const doc = docOf(dokId);
      doc.text = text;
      doc.systemdatum = systemdatum ?? nowSystemdatum();
    },
    setMeta(dokId, meta, systemdatum) {
      const doc = docOf(dokId);
      doc.meta = { ...doc.meta, ...meta };
      if (systemdatum) doc.systemdatum = systemdatum;
    },
    repeal(dokId, repeal) {
      const doc = docOf(dokId);
      doc.meta = { ...doc.meta, rkrattsbaser_falt: { ...doc.meta.rkrattsbaser_falt, Upphävd: `${repeal.at} genom SFS ${repeal.by}` } };
      if (repeal.text !== undefined) doc.text = repeal.text;
      doc.systemdatum = repeal.systemdatum ?? nowSystemdatum();
    },
    remove(dokId) {
      docOf(dokId);
      byId.delete(dokId);
    },
    systemdatumOf: (dokId) => docOf(dokId).systemdatum,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
