/**
 * The bench Riksdagen API: every document of a benchmark catalog in memory,
 * served in the real API's shapes (copied from
 * libs/testing/src/lib/riksdagen-server.ts, whose builders are not exported):
 *
 *   GET /dokumentlista/?doktyp=sfs&utformat=json&sort=systemdatum&sortorder=desc&sz=N&p=P   (@nasta_sida)
 *   GET /dokumentstatus/<dok_id>.json   (text with CRLF, dokuppgift)
 *
 * It runs in a child process (server-child.ts) so that it uses the other
 * core, not the sync's. `mutate` publishes new consolidated texts: a share of
 * the documents (every k-th in SFS order, from an offset) gets a real textual
 * amendment (mutate.ts) and a newer systemdatum, spread over one day.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mutateText } from './mutate';

/** One statute as the bench catalog holds it (the current version). */
export interface BenchDocument {
  dokId: string;
  sfs: string;
  title: string;
  department: string | null;
  /** ISO date. */
  issuedAt: string | null;
  inForce: string | null;
  repealedAt: string | null;
  repealedBy: string | null;
  amendedThrough: string | null;
  /** Normalised text (LF); served with CRLF. */
  text: string;
  systemdatum: string;
}

export interface MutateRequest {
  /** Share of the documents to change, in percent. */
  pct: number;
  /** 0 <= offset < step: which residue class of the SFS order is changed (batches use different offsets). */
  offset: number;
  /** Salt of the textual change (different batches change different words). */
  salt: string;
  /** "YYYY-MM-DD": the new systemdatums are spread over this day (00:00:00 .. 23:59:59). */
  day: string;
}

export interface MutateResult {
  changed: number;
  /** Documents whose text gained a sentence / had two sections touched. */
  withSentence: number;
  twoSections: number;
  /** Documents that had nothing to change (no section with text). */
  skipped: number;
  firstSystemdatum: string | null;
  lastSystemdatum: string | null;
  ms: number;
}

export interface ServerStats {
  requests: Record<string, number>;
  bytes: number;
}

/** The systemdatum every unchanged document keeps (long before any bench run). */
export const OLD_SYSTEMDATUM = '2024-04-12 04:00:00';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "YYYY-MM-DD" + seconds into the day -> "YYYY-MM-DD HH:MM:SS". */
export function systemdatumAt(day: string, seconds: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + Math.floor(seconds) * 1000;
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

export class BenchRiksdagen {
  private readonly byId = new Map<string, BenchDocument>();
  /** Newest first (systemdatum desc, dok_id desc), as the loopback server sorts. */
  private order: BenchDocument[] = [];
  private server?: Server;
  private baseUrl = '';
  private readonly requests: Record<string, number> = {};
  private bytes = 0;

  constructor(private readonly docs: BenchDocument[]) {
    for (const doc of docs) this.byId.set(doc.dokId, doc);
    this.sort();
  }

  get url(): string {
    return this.baseUrl;
  }

  private sort(): void {
    this.order = [...this.byId.values()].sort((a, b) => {
      const primary = a.systemdatum < b.systemdatum ? -1 : a.systemdatum > b.systemdatum ? 1 : 0;
      const order = primary !== 0 ? primary : a.dokId < b.dokId ? -1 : a.dokId > b.dokId ? 1 : 0;
      return -order;
    });
  }

  mutate(request: MutateRequest): MutateResult {
    const started = performance.now();
    const step = Math.max(1, Math.round(100 / request.pct));
    const bySfs = [...this.docs].sort((a, b) => sfsKey(a.sfs) - sfsKey(b.sfs));
    const chosen = bySfs.filter((_, i) => i % step === request.offset % step);
    let changed = 0;
    let withSentence = 0;
    let twoSections = 0;
    let skipped = 0;
    const stamps: string[] = [];
    for (const [k, doc] of chosen.entries()) {
      const mutation = mutateText(doc.text, doc.dokId, request.salt);
      if (!mutation) {
        skipped++;
        continue;
      }
      doc.text = mutation.text;
      doc.systemdatum = systemdatumAt(request.day, (k * 86_400) / Math.max(1, chosen.length));
      stamps.push(doc.systemdatum);
      changed++;
      if (mutation.edits.includes('sentence')) withSentence++;
      if (mutation.sections.length > 1) twoSections++;
    }
    this.sort();
    stamps.sort();
    return {
      changed,
      withSentence,
      twoSections,
      skipped,
      firstSystemdatum: stamps[0] ?? null,
      lastSystemdatum: stamps[stamps.length - 1] ?? null,
      ms: performance.now() - started,
    };
  }

  stats(): ServerStats {
    return { requests: { ...this.requests }, bytes: this.bytes };
  }

  resetStats(): void {
    for (const key of Object.keys(this.requests)) delete this.requests[key];
    this.bytes = 0;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  private send(res: ServerResponse, kind: string, status: number, body: string): void {
    this.requests[kind] = (this.requests[kind] ?? 0) + 1;
    const length = Buffer.byteLength(body);
    this.bytes += length;
    res.writeHead(status, { 'content-type': status === 200 ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'content-length': length });
    res.end(body);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      this.route(req, res);
    } catch (error) {
      if (!res.headersSent) this.send(res, 'error', 500, error instanceof Error ? error.message : String(error));
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (req.method !== 'GET') return this.send(res, 'other', 405, 'Method Not Allowed');
    if (url.pathname === '/dokumentlista/' || url.pathname === '/dokumentlista') return this.send(res, 'dokumentlista', 200, this.dokumentlista(url));
    const match = /^\/dokumentstatus\/([^/]+)\.json$/.exec(decodeURIComponent(url.pathname));
    const doc = match ? this.byId.get(match[1] as string) : undefined;
    if (!doc) return this.send(res, 'not-found', 404, 'Not Found');
    this.send(res, 'dokumentstatus', 200, this.dokumentstatus(doc));
  }

  private dokumentlista(url: URL): string {
    const q = url.searchParams;
    const doktyp = (q.get('doktyp') ?? '').toLowerCase();
    const sort = q.get('sort') ?? '';
    const desc = (q.get('sortorder') ?? 'desc').toLowerCase() === 'desc';
    if ((doktyp !== '' && doktyp !== 'sfs') || sort !== 'systemdatum' || !desc) {
      // The sync asks for nothing else; an unexpected query must not pass as an empty catalog.
      throw new Error(`bench server: unsupported list query ${url.search}`);
    }
    const docs = this.order;
    const size = Math.max(1, Math.min(500, Number(q.get('sz') ?? 20) || 20));
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
      list['@nasta_sida'] = `${this.baseUrl}${next.pathname}${next.search}`;
    }
    if (slice.length > 0) list['dokument'] = slice.map((doc, i) => this.listItem(doc, (page - 1) * size + i));
    return JSON.stringify({ dokumentlista: list });
  }

  private listItem(doc: BenchDocument, index: number): Record<string, unknown> {
    const host = this.baseUrl.replace(/^https?:/, '');
    const [rm, nummer] = doc.sfs.split(':');
    return {
      traff: String(index + 1),
      domain: 'rdwebb',
      database: 'dokument',
      datum: doc.issuedAt ?? '',
      id: doc.dokId,
      rdrest: null,
      slutdatum: '',
      rddata: null,
      plats: '',
      klockslag: '',
      publicerad: doc.systemdatum,
      systemdatum: doc.systemdatum,
      undertitel: doc.amendedThrough ?? '',
      kalla: '',
      kall_id: '',
      dok_id: doc.dokId,
      dokumentformat: '',
      dokumentnamn: 'Svensk författningssamling',
      debattnamn: 'Svensk författningssamling',
      beteckning: doc.sfs,
      rm,
      nummer,
      titel: doc.title,
      organ: doc.department ?? '',
      doktyp: 'sfs',
      typ: 'sfs',
      subtyp: 'sfst',
      status: '',
      notis: '',
      notisrubrik: doc.title,
      dokument_url_text: `${host}/dokument/${doc.dokId}.text`,
      dokument_url_html: `${host}/dokument/${doc.dokId}.html`,
      dokumentstatus_url_xml: `${host}/dokumentstatus/${doc.dokId}.xml`,
      filbilaga: null,
      sokdata: { titel: doc.title, undertitel: `Svensk författningssamling ${doc.sfs}`, statusrad: doc.issuedAt ?? '' },
    };
  }

  /** The fields fromDokumentstatus reads, carrying exactly what the catalog row holds (so an unchanged document compares equal). */
  private dokumentstatus(doc: BenchDocument): string {
    const [rm, nummer] = doc.sfs.split(':');
    const uppgift: Array<{ kod: string; namn: string; text: string | null }> = [
      { kod: 'artal', namn: 'artal', text: rm ?? null },
      { kod: 'utfardad', namn: 'utfardad', text: doc.issuedAt },
    ];
    if (doc.amendedThrough) uppgift.push({ kod: 'andrattillochmed', namn: 'andrattillochmed', text: doc.amendedThrough });
    if (doc.inForce) uppgift.push({ kod: 'ikraft', namn: 'ikraft', text: doc.inForce });
    if (doc.repealedBy) uppgift.push({ kod: 'upphnr', namn: 'upphnr', text: `SFS ${doc.repealedBy}` });
    if (doc.repealedAt) uppgift.push({ kod: 'upphavd', namn: 'upphavd', text: `${doc.repealedAt} 00:00:00` });
    uppgift.push({ kod: 'utdrag', namn: 'utdrag', text: crlf(doc.text.slice(0, 300)) });
    return JSON.stringify({
      dokumentstatus: {
        dokument: {
          dok_id: doc.dokId,
          hangar_id: '',
          rm,
          beteckning: doc.sfs,
          typ: 'sfs',
          subtyp: 'sfst',
          dokumentnamn: 'Svensk författningssamling',
          tempbeteckning: '',
          organ: doc.department ?? '',
          nummer,
          slutnummer: '0',
          datum: doc.issuedAt ? `${doc.issuedAt} 00:00:00` : '',
          publicerad: doc.systemdatum,
          systemdatum: doc.systemdatum,
          titel: doc.title,
          subtitel: doc.amendedThrough ?? '',
          status: '',
          text: crlf(doc.text),
          html: `<pre>${escapeHtml(doc.text)}</pre>`,
        },
        dokuppgift: { uppgift },
      },
    });
  }
}

/** "1977:1160" -> 19771160 (SFS order; numbers stay below 10^6 per year). */
function sfsKey(sfs: string): number {
  const [year, number] = sfs.split(':');
  return Number(year) * 1_000_000 + Number.parseInt(number ?? '0', 10);
}
