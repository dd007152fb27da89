/**
 * A loopback stand-in for the API gateway's public law endpoints, serving the
 * bundled corpus (data/sfs) parsed with the real SFS parser. Used by the
 * web-only tests (web-ssr.e2e-spec.ts) to drive situations the real stack
 * cannot produce on demand: a new document version, a gateway outage.
 * The real stack is tested in stack.e2e-spec.ts and browser.e2e-spec.ts.
 */
import type { Amendment, LawDocument, LawListResult, LawMetadata, LawStructure, SearchHit, SearchResult } from '@laglig/contracts';
import { normaliseSfs } from '@laglig/contracts';
import { parseSfsText, parseSectionReference } from '@laglig/sfs-parser';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import http from 'node:http';
import { join } from 'node:path';

interface CorpusMeta {
  beteckning: string;
  titel: string;
  undertitel?: string;
  organ?: string;
  datum?: string;
  rkrattsbaser_falt?: Record<string, string>;
  _source?: { original_url?: string };
}

interface RegisterFile {
  andringsforfattningar?: Array<{ beteckning: string; rubrik: string; ikraft_datum?: string | null; anteckningar?: string | null }>;
}

interface Entry {
  meta: LawMetadata;
  structure: LawStructure;
  amendments: Amendment[];
  sections: Array<{ anchor: string; label: string; text: string }>;
}

type Json = Record<string, unknown> | unknown[];

/** Parser output → contract shape (the parser has a few more fields; the contract allows a null validity date). */
function toStructure(parsed: ReturnType<typeof parseSfsText>): LawStructure {
  return JSON.parse(JSON.stringify({ preamble: parsed.preamble, body: parsed.body, transitional: parsed.transitional })) as LawStructure;
}

export class FakeGateway {
  private readonly laws = new Map<string, Entry>();
  private server: http.Server | null = null;
  /** Requests per path (without query), for assertions about caching. */
  readonly hits = new Map<string, number>();
  /** When set, every law endpoint answers 503. */
  down = false;
  url = '';

  constructor(corpusDir: string, only?: readonly string[]) {
    for (const file of readdirSync(corpusDir).filter((f) => /^\d{4}-\d+\.json$/.test(f))) {
      const base = file.replace(/\.json$/, '');
      const meta = JSON.parse(readFileSync(join(corpusDir, file), 'utf8')) as CorpusMeta;
      if (only && !only.includes(meta.beteckning)) continue;
      const txt = join(corpusDir, `${base}.txt`);
      if (!existsSync(txt)) continue;
      const parsed = parseSfsText(readFileSync(txt, 'utf8'));
      const registerFile = join(corpusDir, `${base}.sfsr.json`);
      const register = existsSync(registerFile) ? (JSON.parse(readFileSync(registerFile, 'utf8')) as RegisterFile) : {};
      const fields = meta.rkrattsbaser_falt ?? {};
      const now = new Date().toISOString();
      const amendedThrough = meta.undertitel?.startsWith('t.o.m.') ? meta.undertitel : null;
      this.laws.set(meta.beteckning, {
        meta: {
          sfs: meta.beteckning,
          documentId: randomUUID(),
          title: meta.titel,
          department: meta.organ ?? null,
          issuedAt: meta.datum ?? null,
          inForce: /^\d{4}-\d{2}-\d{2}/.exec(fields['Ikraft'] ?? '')?.[0] ?? null,
          amendedThrough,
          repealed: parsed.repealedBy !== null,
          repealedAt: null,
          sourceName: 'Regeringskansliets rättsdatabaser (SFST)',
          sourceUrl: meta._source?.original_url ?? null,
          fetchedAt: '2024-04-12T08:00:00.000Z',
          updatedAt: now,
          version: { id: randomUUID(), contentHash: randomUUID(), amendedThrough, createdAt: now },
        },
        structure: toStructure(parsed),
        amendments: (register.andringsforfattningar ?? []).map((a) => ({
          sfs: a.beteckning,
          title: a.rubrik,
          inForce: a.ikraft_datum ?? null,
          notes: a.anteckningar ?? null,
        })),
        sections: parsed.sections.map((s) => ({
          anchor: s.anchor,
          label: `${s.chapter ? `${s.chapter} kap. ` : ''}${s.number} §`,
          text: s.text,
        })),
      });
    }
  }

  sfsNumbers(): string[] {
    return [...this.laws.keys()].sort();
  }

  metadata(sfs: string): LawMetadata | undefined {
    return this.laws.get(sfs)?.meta;
  }

  /** Simulates a new consolidated version of a statute; returns the new version id. */
  bumpVersion(sfs: string): string {
    const entry = this.laws.get(sfs);
    if (!entry) throw new Error(`unknown ${sfs}`);
    const id = randomUUID();
    entry.meta = { ...entry.meta, updatedAt: new Date().toISOString(), version: { ...entry.meta.version, id } };
    return id;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private send(res: http.ServerResponse, status: number, body: Json): void {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(data) });
    res.end(data);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.hits.set(url.pathname, (this.hits.get(url.pathname) ?? 0) + 1);
    if (url.pathname === '/api/v1/health') return this.send(res, 200, { status: 'ok' });
    if (this.down) return this.send(res, 503, { statusCode: 503, code: 'UNAVAILABLE', message: 'Tjänsten är inte tillgänglig.' });

    if (url.pathname === '/api/v1/laws-index') return this.send(res, 200, this.index(url));
    if (url.pathname === '/api/v1/laws') return this.send(res, 200, this.search(url.searchParams.get('q') ?? '', Number(url.searchParams.get('page') ?? 1)));

    const match = /^\/api\/v1\/laws\/([^/]+)(?:\/(meta|amendments))?$/.exec(url.pathname);
    if (!match) return this.send(res, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'Resursen finns inte.' });
    const sfs = normaliseSfs(decodeURIComponent(match[1] ?? ''));
    if (!sfs) return this.send(res, 400, { statusCode: 400, code: 'INVALID_INPUT', message: 'Ogiltigt SFS-nummer (förväntat format ÅÅÅÅ:NNN, t.ex. 1977:1160)' });
    const entry = this.laws.get(sfs);
    if (!entry) return this.send(res, 404, { statusCode: 404, code: 'NOT_FOUND', message: `Författningen ${sfs} finns inte.` });
    if (match[2] === 'meta') return this.send(res, 200, entry.meta);
    if (match[2] === 'amendments') return this.send(res, 200, { sfs, items: entry.amendments });
    const doc: LawDocument = { ...entry.meta, structure: entry.structure };
    return this.send(res, 200, doc);
  }

  private index(url: URL): LawListResult {
    const all = this.sfsNumbers();
    const limit = Math.max(1, Math.min(50_000, Number(url.searchParams.get('limit') ?? 1000)));
    const cursor = url.searchParams.get('cursor');
    const start = cursor ? all.indexOf(cursor) + 1 : 0;
    const slice = all.slice(start, start + limit);
    const last = slice[slice.length - 1];
    return {
      items: slice.map((sfs) => {
        const meta = this.laws.get(sfs)?.meta;
        return { sfs, title: meta?.title ?? sfs, updatedAt: meta?.updatedAt ?? new Date().toISOString() };
      }),
      nextCursor: start + limit < all.length && last ? last : null,
      total: all.length,
    };
  }

  private search(q: string, page: number): SearchResult {
    const pageSize = 20;
    const reference = parseSectionReference(q);
    if (reference?.sfs && this.laws.has(reference.sfs)) {
      const entry = this.laws.get(reference.sfs);
      const section = entry?.sections.find((s) => s.anchor === reference.anchor);
      const hit: SearchHit = {
        sfs: reference.sfs,
        title: entry?.meta.title ?? reference.sfs,
        anchor: section?.anchor ?? reference.anchor ?? null,
        label: section?.label ?? null,
        snippet: (section?.text ?? '').slice(0, 200),
        rank: 1,
      };
      return { query: q, mode: 'reference', total: 1, page: 1, pageSize, hits: [hit] };
    }
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hits: SearchHit[] = [];
    for (const [sfs, entry] of this.laws) {
      const titleHit = words.every((w) => entry.meta.title.toLowerCase().includes(w));
      for (const section of entry.sections) {
        const text = section.text.toLowerCase();
        if (!words.every((w) => text.includes(w))) continue;
        const at = text.indexOf(words[0] ?? '');
        const from = Math.max(0, at - 60);
        let snippet = section.text.slice(from, from + 200);
        for (const w of words) snippet = snippet.replace(new RegExp(`(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'gi'), '«$1»');
        hits.push({ sfs, title: entry.meta.title, anchor: section.anchor, label: section.label, snippet, rank: titleHit ? 2 : 1 });
      }
    }
    hits.sort((a, b) => b.rank - a.rank || a.sfs.localeCompare(b.sfs));
    return { query: q, mode: 'fulltext', total: hits.length, page, pageSize, hits: hits.slice((page - 1) * pageSize, page * pageSize) };
  }
}
