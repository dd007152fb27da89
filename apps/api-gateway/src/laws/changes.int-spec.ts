import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DOMParser } from '@xmldom/xmldom';
import {
  ChangesListInputSchema,
  ErrorCode,
  refuse,
  succeed,
  type LawChange,
  type LawDiff,
  type LawVersion,
  type LawVersions,
} from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

/*
 * The public change endpoints over real HTTP and BullMQ, with a stand-in
 * law-catalog RpcServer that answers from the fixtures below (the real
 * catalog handlers are tested in law-catalog).
 */
const SFS = '1977:1160';
const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const C1 = '33333333-3333-4333-8333-333333333333';
const C2 = '44444444-4444-4444-8444-444444444444';
const UNKNOWN = '55555555-5555-4555-8555-555555555555';
const ATA = 'Arbetsmiljölag (1977:1160)';

const version = (id: string, current: boolean, createdAt: string): LawVersion => ({
  id,
  contentHash: id.replace(/-/g, '').padEnd(64, '0'),
  amendedThrough: current ? 'SFS 2025:406' : 'SFS 2024:100',
  createdAt,
  sectionCount: 120,
  current,
});

const VERSIONS: LawVersions = { sfs: SFS, title: ATA, items: [version(V2, true, '2026-03-02T05:00:00.000Z'), version(V1, false, '2025-01-01T05:00:00.000Z')] };

const change = (id: string, extra: Partial<LawChange>): LawChange => ({
  id,
  sfs: SFS,
  title: ATA,
  kind: 'amended',
  fromVersionId: V1,
  toVersionId: V2,
  amendingSfs: '2025:406',
  inForce: '2025-07-01',
  substantive: true,
  sections: [
    { anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified', fromAnchor: null, editorial: false, summary: 'Arbetsgivaren ska <även> beakta "hot & våld".' },
    { anchor: 'K3P4', label: '3 kap. 4 §', kind: 'added', fromAnchor: null, editorial: false, summary: 'Ny paragraf om skyddsombud.' },
  ],
  detectedAt: '2026-03-02T05:00:00.000Z',
  url: `/lagar/${SFS}/andringar/${id}`,
  ...extra,
});

const CHANGES = [
  change(C2, {}),
  change(C1, { amendingSfs: null, substantive: false, detectedAt: '2025-01-01T05:00:00.000Z', sections: [{ anchor: 'K1P1', label: '1 kap. 1 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Skiljetecken.' }] }),
];

const DIFF: LawDiff = {
  sfs: SFS,
  title: ATA,
  from: VERSIONS.items[1],
  to: VERSIONS.items[0],
  substantive: true,
  sections: [
    {
      ...CHANGES[0].sections[0],
      heading: null,
      parts: [
        { op: 'equal', text: 'Arbetsgivaren ska ' },
        { op: 'insert', text: 'även ' },
        { op: 'equal', text: 'beakta' },
      ],
    },
  ],
};

describe('public change endpoints', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let catalog: RpcServer;
  const listCalls: unknown[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-changes');
    Object.assign(process.env, {
      JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'silent',
      THROTTLE_LIMIT: '1000',
      PUBLIC_BASE_URL: 'https://laglig.test/',
    });
    const handlers: Record<string, RpcHandlerFn> = {
      'laws.versions': (async ({ sfs }: { sfs: string }) =>
        sfs === SFS ? succeed(VERSIONS) : sfs === '2020:1' ? succeed({ sfs, title: 'Lag <tom> & "ny" (2020:1)', items: [version(V1, true, '2020-02-01T00:00:00.000Z')] }) : refuse(ErrorCode.NOT_FOUND, 'Författningen finns inte i katalogen')) as RpcHandlerFn,
      'laws.diff': (async ({ sfs, from, to }: { sfs: string; from: string; to: string }) =>
        sfs === SFS && from === V1 && to === V2 ? succeed(DIFF) : refuse(ErrorCode.NOT_FOUND, 'Versionen finns inte')) as RpcHandlerFn,
      'changes.list': (async (input: unknown) => {
        // The gateway must send what the contract accepts.
        const parsed = ChangesListInputSchema.parse(input);
        listCalls.push(parsed);
        const items = parsed.sfs && !parsed.sfs.includes(SFS) ? [] : CHANGES.slice(0, parsed.limit);
        return succeed({ items, nextCursor: parsed.limit < CHANGES.length ? 'next' : null });
      }) as RpcHandlerFn,
      'changes.get': (async ({ id }: { id: string }) => {
        const found = CHANGES.find((c) => c.id === id);
        return found ? succeed(found) : refuse(ErrorCode.NOT_FOUND, 'Ändringen finns inte');
      }) as RpcHandlerFn,
    };
    catalog = new RpcServer('law-catalog', new Map(Object.entries(handlers)), { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix }, createLogger('t', 'silent'));
    await catalog.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await catalog?.close();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());

  it('lists the versions of a statute, also for the dashed URL form', async () => {
    const res = await http().get('/api/v1/laws/1977-1160/versions').expect(200);
    expect(res.body).toEqual(VERSIONS);
    expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
  });

  it('answers 400 in Swedish for a malformed SFS number and 404 for an unknown one', async () => {
    const bad = await http().get('/api/v1/laws/abc/versions').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', message: expect.stringContaining('Ogiltigt SFS-nummer') });
    const missing = await http().get('/api/v1/laws/1999:999/versions').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'Författningen finns inte i katalogen' });
  });

  it('serves the word diff between two versions and validates the version ids', async () => {
    const res = await http().get(`/api/v1/laws/${SFS}/diff`).query({ from: V1, to: V2 }).expect(200);
    expect(res.body).toEqual(DIFF);
    expect(res.headers['cache-control']).toMatch(/max-age=3600/);

    const bad = await http().get(`/api/v1/laws/${SFS}/diff`).query({ from: 'x', to: V2 }).expect(400);
    expect(bad.body.message).toContain('from måste vara ett versions-id');
    const missing = await http().get(`/api/v1/laws/${SFS}/diff`).query({ to: V2 }).expect(400);
    expect(missing.body.message).toContain('Ange från-version');
    await http().get(`/api/v1/laws/${SFS}/diff`).query({ from: V2, to: UNKNOWN }).expect(404);
  });

  it("lists one statute's changes with a cursor, and 404 for an unknown statute", async () => {
    listCalls.length = 0;
    const res = await http().get(`/api/v1/laws/${SFS}/changes`).query({ limit: '1', cursor: 'abc' }).expect(200);
    expect(res.body).toEqual({ items: [CHANGES[0]], nextCursor: 'next' });
    expect(listCalls).toEqual([{ sfs: [SFS], cursor: 'abc', limit: 1 }]);

    await http().get('/api/v1/laws/1999:999/changes').expect(404);
    const bad = await http().get(`/api/v1/laws/${SFS}/changes`).query({ limit: 'many' }).expect(400);
    expect(bad.body.message).toContain('limit måste vara ett heltal');
    await http().get(`/api/v1/laws/${SFS}/changes`).query({ limit: '201' }).expect(400);
    await http().get(`/api/v1/laws/${SFS}/changes`).query({ evil: '1' }).expect(400);
  });

  it('lists all changes with filters; dates are whole days in Stockholm', async () => {
    listCalls.length = 0;
    const res = await http()
      .get('/api/v1/changes')
      .query({ since: '2025-03-01', until: '2025-07-31', substantive: 'false', kind: 'amended', limit: '10' })
      .expect(200);
    expect(res.body.items).toHaveLength(2);
    expect(listCalls).toEqual([
      { since: '2025-03-01T00:00:00.000+01:00', until: '2025-07-31T23:59:59.999+02:00', substantive: false, kind: 'amended', limit: 10 },
    ]);

    listCalls.length = 0;
    await http().get('/api/v1/changes').query({ since: '2026-01-01T00:00:00Z' }).expect(200);
    expect(listCalls).toEqual([{ since: '2026-01-01T00:00:00Z', limit: 50 }]);

    const badDate = await http().get('/api/v1/changes').query({ since: 'igår' }).expect(400);
    expect(badDate.body.message).toContain('ÅÅÅÅ-MM-DD');
    const badKind = await http().get('/api/v1/changes').query({ kind: 'deleted' }).expect(400);
    expect(badKind.body.message).toContain('Ogiltigt värde');
    await http().get('/api/v1/changes').query({ substantive: 'kanske' }).expect(400);
  });

  it('serves one change by id: 400 for a malformed id, 404 for an unknown one', async () => {
    const res = await http().get(`/api/v1/changes/${C2}`).expect(200);
    expect(res.body).toEqual(CHANGES[0]);
    const bad = await http().get('/api/v1/changes/not-a-uuid').expect(400);
    expect(bad.body.message).toContain('Ogiltigt id');
    const missing = await http().get(`/api/v1/changes/${UNKNOWN}`).expect(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', message: 'Ändringen finns inte' });
  });

  it('publishes an Atom 1.0 feed per statute that parses as XML, with escaped text and links to the change pages', async () => {
    const res = await http().get('/api/v1/laws/1977-1160/changes.atom').buffer(true).parse(textParser).expect(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/public, max-age=60/);
    const xml = res.body as string;

    const doc = parseStrict(xml);
    const ATOM = 'http://www.w3.org/2005/Atom';
    const feed = doc.documentElement;
    expect(feed.localName).toBe('feed');
    expect(feed.namespaceURI).toBe(ATOM);
    const child = (el: Element, name: string) => Array.from(el.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
    const text = (el: Element, name: string) => child(el, name)?.textContent ?? null;
    expect(text(feed, 'title')).toBe(`Ändringar i ${ATA}`);
    expect(text(feed, 'id')).toBe(`https://laglig.test/lagar/${SFS}/andringar`);
    expect(text(feed, 'updated')).toBe('2026-03-02T05:00:00.000Z');
    expect(child(feed, 'link')?.getAttribute('href')).toBe(`https://laglig.test/api/v1/laws/${SFS}/changes.atom`);

    const entries = Array.from(feed.getElementsByTagNameNS(ATOM, 'entry'));
    expect(entries).toHaveLength(2);
    expect(text(entries[0], 'id')).toBe(`urn:uuid:${C2}`);
    expect(text(entries[0], 'title')).toBe('Arbetsmiljölag (1977:1160) ändrad genom SFS 2025:406');
    expect(text(entries[0], 'updated')).toBe('2026-03-02T05:00:00.000Z');
    expect(child(entries[0], 'link')?.getAttribute('href')).toBe(`https://laglig.test/lagar/${SFS}/andringar/${C2}`);
    // The summary's markup characters arrive as text, not as elements.
    const summary = text(entries[0], 'summary') ?? '';
    expect(summary).toContain('Träder i kraft 2025-07-01.');
    expect(summary).toContain('3 kap. 2 a § (Ändrad): Arbetsgivaren ska <även> beakta "hot & våld".');
    expect(summary).toContain('3 kap. 4 § (Ny): Ny paragraf om skyddsombud.');
    expect(xml).toContain('&lt;även&gt;');
    expect(text(entries[1], 'title')).toBe('Arbetsmiljölag (1977:1160) ändrad');
    expect(text(entries[1], 'summary')).toContain('1 kap. 1 § (Ändrad, redaktionell): Skiljetecken.');
  });

  it('escapes a title with markup characters in an empty feed and dates it by the current version', async () => {
    const res = await http().get('/api/v1/laws/2020:1/changes.atom').buffer(true).parse(textParser).expect(200);
    const doc = parseStrict(res.body as string);
    const feed = doc.documentElement;
    const title = Array.from(feed.childNodes).find((n) => n.nodeType === 1 && (n as Element).localName === 'title');
    expect(title?.textContent).toBe('Ändringar i Lag <tom> & "ny" (2020:1)');
    expect(feed.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')).toHaveLength(0);
    expect(res.body).toContain('<updated>2020-02-01T00:00:00.000Z</updated>');
  });

  it('answers 404 (JSON) for the feed of an unknown statute and 400 for a malformed number', async () => {
    const res = await http().get('/api/v1/laws/1999:999/changes.atom').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    await http().get('/api/v1/laws/nej/changes.atom').expect(400);
  });
});

/** supertest leaves unknown content types unparsed: collect the text. */
function textParser(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/** Parses XML and fails on any well-formedness error or warning. */
function parseStrict(xml: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(xml, 'application/xml');
  expect(problems).toEqual([]);
  return doc as unknown as Document;
}
