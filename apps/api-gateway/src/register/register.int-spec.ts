import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ErrorCode, JWT_AUDIENCE, JWT_ISSUER, refuse, succeed, type Evidence, type Requirement } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const SECRET = 'gateway-register-test-secret-0123456789abcdef';
const USER = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const WS = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const LIST = '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e';
const REQ = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const EV = '8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a';
const MAX = 2048;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');

const now = () => Math.floor(Date.now() / 1000);
const token = jwt.sign({ sub: USER, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE }, SECRET, { algorithm: 'HS256' });
const auth = { Authorization: `Bearer ${token}` };

const REQUIREMENT: Requirement = {
  id: REQ,
  listId: LIST,
  itemId: '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
  ref: '1977:1160',
  lawTitle: 'Arbetsmiljölag (1977:1160)',
  area: 'Arbetsmiljö',
  anchor: 'K3P2a',
  sectionLabel: '3 kap. 2 a §',
  url: '/lagar/1977:1160#K3P2a',
  title: 'Systematiskt arbetsmiljöarbete',
  description: '',
  origin: 'suggested',
  status: 'DELVIS',
  motivation: 'Pågår.',
  action: null,
  responsibleUserId: null,
  responsibleName: null,
  reviewDate: null,
  assessedBy: 'Anna',
  assessedAt: '2026-03-02T08:00:00.000Z',
  overdue: false,
  evidenceCount: 0,
  reviewFlag: null,
  version: 3,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
};

/**
 * The register endpoints over real HTTP and BullMQ with a stand-in
 * compliance-workflow that records what reaches it: bodies and queries mapped
 * to the contract (actor from the token, ids from the path), uploads, file
 * answers and the error shapes.
 */
describe('register endpoints (gateway)', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let cw: RpcServer;
  const saved = { ...process.env };
  const seen: Array<{ method: string; input: Record<string, unknown> }> = [];
  const last = (method: string) => seen.filter((s) => s.method === method).at(-1)?.input;

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-register');
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', JWT_SECRET: SECRET, EVIDENCE_MAX_BYTES: String(MAX) });
    const record = (method: string, fn: (input: Record<string, unknown>) => unknown): [string, RpcHandlerFn] => [
      method,
      (async (input: Record<string, unknown>) => {
        seen.push({ method, input });
        return fn(input);
      }) as RpcHandlerFn,
    ];
    const evidence = (over: Partial<Evidence>): Evidence => ({
      id: EV,
      requirementId: REQ,
      kind: 'file',
      title: 't',
      url: null,
      filename: null,
      mimeType: null,
      size: null,
      sha256: null,
      scanStatus: 'unscanned',
      createdBy: 'Anna',
      createdAt: '2026-03-02T08:00:00.000Z',
      ...over,
    });
    cw = new RpcServer(
      'compliance-workflow',
      new Map<string, RpcHandlerFn>([
        record('sni.search', () => succeed({ items: [{ code: '41.200', title: 'Byggande av bostadshus och andra byggnader', level: 5 }] })),
        record('profile.set', (i) => succeed({ ...(i['profile'] as object), sniCodes: [], updatedAt: '2026-03-02T08:00:00.000Z' })),
        record('lists.create', (i) => (i['workspaceId'] === WS ? refuse(ErrorCode.INVALID_INPUT, 'Fyll i företagsprofilen först.') : refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.'))),
        record('lists.items.remove', () => refuse(ErrorCode.FORBIDDEN, 'Rollen Revisor (läsbehörighet) får inte göra detta i arbetsytan.')),
        record('requirements.list', () => succeed({ items: [REQUIREMENT], nextCursor: null })),
        record('requirements.update', (i) =>
          i['version'] === 3 ? succeed({ ...REQUIREMENT, version: 4 }) : refuse(ErrorCode.CONFLICT, 'Någon annan har ändrat kravet. Ladda om och försök igen.', { current: REQUIREMENT }),
        ),
        record('evidence.add', (i) => {
          const file = i['file'] as { filename: string; mimeType: string; contentBase64: string } | undefined;
          const link = i['link'] as { title: string; url: string } | undefined;
          return succeed(
            file
              ? evidence({ kind: 'file', title: file.filename, filename: file.filename, mimeType: file.mimeType, size: Buffer.from(file.contentBase64, 'base64').length })
              : evidence({ kind: 'link', title: link?.title ?? '', url: link?.url ?? null }),
          );
        }),
        record('evidence.download', () => succeed({ filename: 'Riskbedömning "maj".pdf', mimeType: 'application/pdf', contentBase64: PDF.toString('base64') })),
        record('register.export', (i) =>
          succeed({
            filename: `laglista-bolaget-ab-2026-03-02.${i['format'] as string}`,
            mimeType: i['format'] === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            contentBase64: Buffer.from('\ufeffOmråde;Lag\r\n').toString('base64'),
          }),
        ),
      ]),
      { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix },
      createLogger('t', 'silent'),
    );
    await cw.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await cw?.close();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());
  const api = (path: string) => `/api/v1/workspaces/${WS}${path}`;

  it('searches SNI without a token; everything else needs one, and ids must be uuids', async () => {
    expect((await http().get('/api/v1/sni?q=bygg').expect(200)).body.items[0].code).toBe('41.200');
    expect(last('sni.search')).toEqual({ q: 'bygg', limit: 20 });
    await http().get('/api/v1/sni').expect(400);
    await http().get(api('/profile')).expect(401);
    await http().get(api('/export')).expect(401);
    const bad = await http().get('/api/v1/workspaces/inte-ett-id/requirements').set(auth).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Ogiltigt id (förväntade ett UUID).' });
    await http().get(api('/requirements/123')).set(auth).expect(400);
    await http().get(api('/evidence/x/file')).set(auth).expect(400);
  });

  it('passes bodies and queries to the service with the actor from the token and ids from the path', async () => {
    await http()
      .put(api('/profile'))
      .set(auth)
      .send({ name: 'Bolaget AB', orgNumber: '556036-0793', sniCodes: ['41.200'], employees: 3, screening: { chemicals: true } })
      .expect(200);
    expect(last('profile.set')).toEqual({
      actor: { userId: USER },
      workspaceId: WS,
      profile: { name: 'Bolaget AB', orgNumber: '556036-0793', sniCodes: ['41.200'], employees: 3, screening: expect.objectContaining({ chemicals: true, food: false }) },
    });
    const extra = await http().post(api('/lists')).set(auth).send({ name: 'Lista', generate: true, actor: { userId: 'someone-else' } }).expect(400);
    expect(extra.body.details.issues).toEqual([{ path: '', message: 'Okänt fält: actor.' }]);

    const refused = await http().post(api('/lists')).set(auth).send({ name: 'Lista' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Fyll i företagsprofilen först.' });
    expect(last('lists.create')).toEqual({ actor: { userId: USER }, workspaceId: WS, name: 'Lista', generate: true });

    const forbidden = await http().post(api(`/lists/${LIST}/items/${REQ}/remove`)).set(auth).send({ reason: 'Inte relevant.' }).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(last('lists.items.remove')).toEqual({ actor: { userId: USER }, workspaceId: WS, listId: LIST, itemId: REQ, reason: 'Inte relevant.' });

    await http().get(api(`/requirements?status=UNASSESSED&overdue=true&ref=1977:1160&listId=${LIST}&limit=10`)).set(auth).expect(200);
    expect(last('requirements.list')).toEqual({
      actor: { userId: USER },
      workspaceId: WS,
      filter: { status: 'UNASSESSED', overdue: true, ref: '1977:1160', listId: LIST },
      limit: 10,
      cursor: null,
    });
    await http().get(api('/requirements?status=KLAR')).set(auth).expect(400);
    await http().get(api('/requirements?overdue=ja')).set(auth).expect(400);
  });

  it('splits PATCH { version, …patch } and returns 409 with details.current for a stale version', async () => {
    const ok = await http().patch(api(`/requirements/${REQ}`)).set(auth).send({ version: 3, status: 'UPPFYLLD' }).expect(200);
    expect(ok.body.version).toBe(4);
    expect(last('requirements.update')).toEqual({ actor: { userId: USER }, workspaceId: WS, requirementId: REQ, version: 3, patch: { status: 'UPPFYLLD' } });
    const stale = await http().patch(api(`/requirements/${REQ}`)).set(auth).send({ version: 2, status: 'UPPFYLLD' }).expect(409);
    expect(stale.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', details: { current: REQUIREMENT } });
    await http().patch(api(`/requirements/${REQ}`)).set(auth).send({ status: 'UPPFYLLD' }).expect(400);
  });

  it('takes evidence as a multipart file (UTF-8 name, type from the extension when the browser has none) or a JSON link', async () => {
    const res = await http()
      .post(api(`/requirements/${REQ}/evidence`))
      .set(auth)
      .field('title', 'Riskbedömning')
      .attach('file', PDF, { filename: 'Riskbedömning.pdf', contentType: 'application/octet-stream' })
      .expect(201);
    expect(res.body).toMatchObject({ kind: 'file', filename: 'Riskbedömning.pdf', mimeType: 'application/pdf', size: PDF.length });
    expect(last('evidence.add')).toEqual({
      actor: { userId: USER },
      workspaceId: WS,
      requirementId: REQ,
      file: { filename: 'Riskbedömning.pdf', mimeType: 'application/pdf', contentBase64: PDF.toString('base64'), title: 'Riskbedömning' },
    });

    const tooBig = await http()
      .post(api(`/requirements/${REQ}/evidence`))
      .set(auth)
      .attach('file', Buffer.concat([PDF, Buffer.alloc(MAX)]), { filename: 'stor.pdf', contentType: 'application/pdf' })
      .expect(413);
    expect(tooBig.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Filen är för stor (högst 2 kB).' });

    await http().post(api(`/requirements/${REQ}/evidence`)).set(auth).send({ title: 'Rutin', url: 'https://intra.example.se/rutin' }).expect(201);
    expect(last('evidence.add')).toEqual({ actor: { userId: USER }, workspaceId: WS, requirementId: REQ, link: { title: 'Rutin', url: 'https://intra.example.se/rutin' } });
    await http().post(api(`/requirements/${REQ}/evidence`)).set(auth).send({ title: 'Skript', url: 'javascript:alert(1)' }).expect(400);
    await http().post(api(`/requirements/${REQ}/evidence`)).set(auth).send({}).expect(400);
  });

  it('serves files as attachments that must not be sniffed, and the export with its file name and type', async () => {
    const file = await http().get(api(`/evidence/${EV}/file`)).set(auth).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''Riskbed%C3%B6mning%20%22maj%22\.pdf$/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.from(file.body as Buffer)).toEqual(PDF);

    const xlsx = await http().get(api(`/export?format=xlsx&listId=${LIST}`)).set(auth).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="laglista-bolaget-ab-2026-03-02.xlsx"');
    expect(last('register.export')).toEqual({ actor: { userId: USER }, workspaceId: WS, format: 'xlsx', listId: LIST });
    const csv = await http().get(api('/export?format=csv')).set(auth).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="laglista-bolaget-ab-2026-03-02.csv"');
    expect(last('register.export')).toEqual({ actor: { userId: USER }, workspaceId: WS, format: 'csv' });
    await http().get(api('/export?format=pdf')).set(auth).expect(400);
  });
});
