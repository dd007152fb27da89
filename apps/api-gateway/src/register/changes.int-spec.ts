import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ErrorCode, JWT_AUDIENCE, JWT_ISSUER, refuse, succeed, type WorkspaceChange } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const SECRET = 'gateway-changes-test-secret-0123456789abcdef';
const USER = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const WS = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
/** A workspace the caller is not a member of. */
const FOREIGN_WS = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const LIST = '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e';
const CHANGE = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const ACKED = '8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a';
const REQ = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

const now = () => Math.floor(Date.now() / 1000);
const token = jwt.sign({ sub: USER, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE }, SECRET, { algorithm: 'HS256' });
const auth = { Authorization: `Bearer ${token}` };

const RECORD: WorkspaceChange = {
  id: CHANGE,
  workspaceId: WS,
  changeId: '0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c',
  sfs: '1977:1160',
  title: 'Arbetsmiljölag (1977:1160)',
  kind: 'amended',
  amendingSfs: '2026:1001',
  inForce: '2027-01-01',
  substantive: true,
  sections: [{ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified', fromAnchor: null, editorial: false, summary: 'Skärpt krav.' }],
  lists: [{ id: LIST, name: 'Laglista' }],
  flaggedRequirements: [{ id: REQ, title: 'Systematiskt arbetsmiljöarbete', anchor: 'K3P2a', url: `/app/${WS}/krav/${REQ}` }],
  cardId: null,
  receivedAt: '2026-03-02T08:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgeComment: null,
  diffUrl: '/lagar/1977:1160/andringar/0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c',
};

/**
 * The change feed and kvittens over real HTTP and BullMQ, with a stand-in
 * compliance-workflow that records what reaches it: query and body mapped to
 * the contract (actor from the token, ids from the path), validation at the
 * edge, and the service's refusals as HTTP codes.
 */
describe('workspace change endpoints (gateway)', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let cw: RpcServer;
  const saved = { ...process.env };
  const seen: Array<{ method: string; input: Record<string, unknown> }> = [];
  const last = (method: string) => seen.filter((s) => s.method === method).at(-1)?.input;
  const calls = (method: string) => seen.filter((s) => s.method === method).length;

  /** What the service answers for a workspace: FORBIDDEN for a foreign one, NOT_FOUND for any other unknown one. */
  const tenant = (input: Record<string, unknown>) =>
    input['workspaceId'] === WS
      ? null
      : input['workspaceId'] === FOREIGN_WS
        ? refuse(ErrorCode.FORBIDDEN, 'Du är inte medlem i den här arbetsytan.')
        : refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.');

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-changes');
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', JWT_SECRET: SECRET });
    const record = (method: string, fn: (input: Record<string, unknown>) => unknown): [string, RpcHandlerFn] => [
      method,
      (async (input: Record<string, unknown>) => {
        seen.push({ method, input });
        return fn(input);
      }) as RpcHandlerFn,
    ];
    cw = new RpcServer(
      'compliance-workflow',
      new Map<string, RpcHandlerFn>([
        record('changes.feed', (i) => tenant(i) ?? succeed({ items: [RECORD], nextCursor: 'nästa' })),
        record('changes.acknowledge', (i) => {
          const refused = tenant(i);
          if (refused) return refused;
          if (i['workspaceChangeId'] === ACKED) return refuse(ErrorCode.CONFLICT, 'Lagändringen är redan kvitterad.', { current: { ...RECORD, id: ACKED } });
          if (i['workspaceChangeId'] !== CHANGE) return refuse(ErrorCode.NOT_FOUND, 'Lagändringen finns inte.');
          return succeed({
            ...RECORD,
            acknowledgedAt: '2026-03-03T09:00:00.000Z',
            acknowledgedBy: { id: USER, name: 'Anna' },
            acknowledgeComment: (i['comment'] as string | null) ?? null,
          });
        }),
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
  const api = (path: string, ws = WS) => `/api/v1/workspaces/${ws}${path}`;

  it('needs a token; 401 before anything reaches the service', async () => {
    await http().get(api('/changes')).expect(401);
    await http().post(api(`/changes/${CHANGE}/acknowledge`)).send({}).expect(401);
    await http().get(api('/changes')).set({ Authorization: 'Bearer inte-en-token' }).expect(401);
    expect(calls('changes.feed') + calls('changes.acknowledge')).toBe(0);
  });

  it('maps the feed query to the contract, with the actor from the token', async () => {
    const res = await http().get(api('/changes')).set(auth).expect(200);
    expect(res.body).toEqual({ items: [RECORD], nextCursor: 'nästa' });
    expect(last('changes.feed')).toEqual({ actor: { userId: USER }, workspaceId: WS, filter: {}, limit: 50, cursor: null });

    await http()
      .get(api(`/changes?listId=${LIST}&sfs=1977:1160&from=2026-01-01&to=2026-12-31&substantive=false&acknowledged=true&cursor=abc&limit=10`))
      .set(auth)
      .expect(200);
    expect(last('changes.feed')).toEqual({
      actor: { userId: USER },
      workspaceId: WS,
      filter: { listId: LIST, sfs: '1977:1160', from: '2026-01-01', to: '2026-12-31', substantive: false, acknowledged: true },
      limit: 10,
      cursor: 'abc',
    });
  });

  it('refuses a bad query or path with 400 and field details, without calling the service', async () => {
    const before = calls('changes.feed');
    const bad = await http().get(api('/changes?listId=inte-ett-id')).set(auth).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'listId', message: 'Ogiltigt id (förväntade ett UUID).' }] } });
    await http().get(api('/changes?sfs=arbetsmiljölagen')).set(auth).expect(400);
    const date = await http().get(api('/changes?from=1%20maj')).set(auth).expect(400);
    expect(date.body.details.issues).toEqual([{ path: 'from', message: 'Ange datum som ÅÅÅÅ-MM-DD' }]);
    await http().get(api('/changes?substantive=ja')).set(auth).expect(400);
    await http().get(api('/changes?limit=0')).set(auth).expect(400);
    await http().get(api('/changes?limit=1000')).set(auth).expect(400);
    const unknown = await http().get(api('/changes?status=ny')).set(auth).expect(400);
    expect(unknown.body.message).toBe('Okänd parameter: status.');
    await http().get('/api/v1/workspaces/inte-ett-id/changes').set(auth).expect(400);
    await http().post(api('/changes/123/acknowledge')).set(auth).send({}).expect(400);
    expect(calls('changes.feed')).toBe(before);
  });

  it('answers 403 for a workspace the caller is not a member of and 404 for one that does not exist', async () => {
    const forbidden = await http().get(api('/changes', FOREIGN_WS)).set(auth).expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    await http().post(api(`/changes/${CHANGE}/acknowledge`, FOREIGN_WS)).set(auth).send({}).expect(403);
    const missing = await http().get(api('/changes', '00000000-0000-4000-8000-000000000000')).set(auth).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('acknowledges with an optional comment; 404 for an unknown change, 409 with details.current when already acknowledged', async () => {
    const res = await http().post(api(`/changes/${CHANGE}/acknowledge`)).set(auth).send({ comment: 'Rutinen uppdateras.' }).expect(200);
    expect(res.body).toMatchObject({ id: CHANGE, acknowledgedBy: { id: USER, name: 'Anna' }, acknowledgeComment: 'Rutinen uppdateras.' });
    expect(last('changes.acknowledge')).toEqual({ actor: { userId: USER }, workspaceId: WS, workspaceChangeId: CHANGE, comment: 'Rutinen uppdateras.' });

    await http().post(api(`/changes/${CHANGE}/acknowledge`)).set(auth).expect(200);
    expect(last('changes.acknowledge')).toEqual({ actor: { userId: USER }, workspaceId: WS, workspaceChangeId: CHANGE, comment: null });

    const conflict = await http().post(api(`/changes/${ACKED}/acknowledge`)).set(auth).send({}).expect(409);
    expect(conflict.body).toMatchObject({ code: 'CONFLICT', details: { current: { id: ACKED } } });
    await http().post(api(`/changes/${REQ}/acknowledge`)).set(auth).send({}).expect(404);

    const smuggled = await http().post(api(`/changes/${CHANGE}/acknowledge`)).set(auth).send({ comment: 'ok', actor: { userId: REQ } }).expect(400);
    expect(smuggled.body.details.issues).toEqual([{ path: '', message: 'Okänt fält: actor.' }]);
    await http().post(api(`/changes/${CHANGE}/acknowledge`)).set(auth).send({ comment: 'x'.repeat(2001) }).expect(400);
  });

  it('is in the OpenAPI document', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/workspaces/{workspaceId}/changes', '/api/v1/workspaces/{workspaceId}/changes/{changeId}/acknowledge']),
    );
  });
});
