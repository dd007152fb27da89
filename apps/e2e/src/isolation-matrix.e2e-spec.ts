/**
 * Tenant isolation through the real stack: every gateway endpoint of the
 * compliance issue × every role (OWNER, ADMIN, MEMBER, AUDITOR) × own or
 * foreign workspace, plus another workspace's resource ids inside one's own
 * workspace path, plus no token at all. Each answer is checked for its status
 * and for the absence of the other workspace's data in the body.
 *
 * Workspace A is built by its owner through the API (members join through
 * real invitation mails written by the notifier); workspace B belongs to a
 * stranger and holds data with recognisable "Hemlig" markers.
 */
import { stackUrls } from './support/env';
import { waitForMailMatch } from './support/mail';

type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'AUDITOR' | 'FOREIGN';
type Permission = 'read' | 'write' | 'manage';
const ROLES: Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR', 'FOREIGN'];
const ALLOWED: Record<Permission, Role[]> = {
  read: ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR'],
  write: ['OWNER', 'ADMIN', 'MEMBER'],
  manage: ['OWNER', 'ADMIN'],
};

interface Reply {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const PASSWORD = 'isolering-är-viktigt-2026';
/** A valid organisationsnummer (Luhn). */
const ORG_NUMBER = '556012-5790';
/** A one-page PDF (magic bytes and trailer), for evidence uploads. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let gateway = '';
let userCounter = 0;
/** List and column names are unique per workspace. */
const unique = (name: string): string => `${name} ${++userCounter}`;

async function api(method: string, path: string, token: string | null, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers['authorization'] = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${gateway}/api/v1${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

async function ok(method: string, path: string, token: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const reply = await api(method, path, token, body);
  if (reply.status >= 300) throw new Error(`${method} ${path} → ${reply.status} ${reply.text.slice(0, 300)}`);
  return reply.json;
}

interface Person {
  email: string;
  token: string;
  userId: string;
}

async function person(label: string): Promise<Person> {
  const email = `iso-${label}-${++userCounter}-${Date.now().toString(36)}@example.se`;
  const reg = await api('POST', '/auth/register', null, { email, password: PASSWORD, displayName: `Test ${label}` });
  expect(reg.status).toBe(202);
  const login = await ok('POST', '/auth/login', '', { email, password: PASSWORD });
  return { email, token: login.accessToken as string, userId: login.user.id as string };
}

async function invite(ws: string, owner: Person, invitee: Person, role: Exclude<Role, 'FOREIGN' | 'OWNER'>): Promise<void> {
  await ok('POST', `/workspaces/${ws}/invitations`, owner.token, { email: invitee.email, role });
  const token = await waitForMailMatch(invitee.email, /inbjudan\?token=([A-Za-z0-9_-]+)/);
  await ok('POST', '/invitations/accept', invitee.token, { token });
}

/** Opens the SSE stream and returns its status (the body is not read). */
async function streamStatus(path: string, token: string | null): Promise<Reply> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${gateway}/api/v1${path}`, { headers, signal: abort.signal });
  const text = res.ok ? '' : await res.text();
  abort.abort();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

interface World {
  wsA: string;
  wsB: string;
  people: Record<Role, Person>;
  a: { listId: string; itemId: string; requirementId: string; columnId: string; cardId: string; fileEvidenceId: string };
  b: { listId: string; itemId: string; requirementId: string; columnId: string; cardId: string; fileEvidenceId: string; invitationId: string };
  /** Strings of workspace B that must never appear in an answer to a caller of workspace A. */
  secretsB: string[];
  /** Strings of workspace A that must never appear in an answer to the stranger. */
  secretsA: string[];
}

async function seedWorkspace(owner: Person, name: string, marker: string): Promise<World['a'] & { ws: string }> {
  const ws = (await ok('POST', '/workspaces', owner.token, { name })).id as string;
  await ok('PUT', `/workspaces/${ws}/profile`, owner.token, {
    name: `${marker}bolaget AB`,
    orgNumber: ORG_NUMBER,
    sniCodes: ['41.200'],
    employees: 25,
    screening: { chemicals: true },
  });
  const list = await ok('POST', `/workspaces/${ws}/lists`, owner.token, { name: `${marker} lista`, generate: true });
  const item = (list.items as Array<{ id: string; ref: string }>).find((i) => i.ref === '1977:1160') ?? list.items[0];
  const requirement = await ok('POST', `/workspaces/${ws}/requirements`, owner.token, { itemId: item.id, title: `${marker} krav` });
  const board = await ok('GET', `/workspaces/${ws}/board`, owner.token);
  const columnId = board.columns[0].id as string;
  const card = await ok('POST', `/workspaces/${ws}/board/cards`, owner.token, { columnId, fields: { title: `${marker} kort` } });
  const form = new FormData();
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), `${marker}-bevis.pdf`);
  const evidence = await ok('POST', `/workspaces/${ws}/requirements/${requirement.id}/evidence`, owner.token, form);
  return { ws, listId: list.id, itemId: item.id, requirementId: requirement.id, columnId, cardId: card.id, fileEvidenceId: evidence.id };
}

interface Endpoint {
  name: string;
  permission: Permission;
  /** Runs the call as `who` against workspace A (fresh resources are prepared by A's owner first). */
  call(w: World, who: Person): Promise<Reply>;
  /** The same endpoint with one of workspace B's resource ids inside A's path (expects 404). */
  foreignResource?(w: World, who: Person): Promise<Reply>;
}

const owner = (w: World): Person => w.people.OWNER;
const freshList = async (w: World): Promise<string> => (await ok('POST', `/workspaces/${w.wsA}/lists`, owner(w).token, { name: unique('Tillfällig lista'), generate: false })).id;
const freshItem = async (w: World): Promise<{ listId: string; itemId: string }> => {
  const listId = await freshList(w);
  const item = await ok('POST', `/workspaces/${w.wsA}/lists/${listId}/items`, owner(w).token, { ref: '1982:673', reason: 'Vi har anställda med schemalagd arbetstid' });
  return { listId, itemId: item.id };
};
const freshRequirement = async (w: World): Promise<{ id: string; version: number }> =>
  ok('POST', `/workspaces/${w.wsA}/requirements`, owner(w).token, { itemId: w.a.itemId, title: 'Tillfälligt krav' });
const freshCard = async (w: World): Promise<{ id: string; version: number }> =>
  ok('POST', `/workspaces/${w.wsA}/board/cards`, owner(w).token, { columnId: w.a.columnId, fields: { title: 'Tillfälligt kort' } });
const freshColumn = async (w: World): Promise<string> => (await ok('POST', `/workspaces/${w.wsA}/board/columns`, owner(w).token, { name: unique('Tillfällig kolumn') })).id;

const ENDPOINTS: Endpoint[] = [
  // workspace and members
  { name: 'GET workspace', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}`, p.token) },
  { name: 'PATCH workspace', permission: 'manage', call: (w, p) => api('PATCH', `/workspaces/${w.wsA}`, p.token, { name: 'Isolering A AB' }) },
  { name: 'GET members', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/members`, p.token) },
  {
    name: 'PATCH member',
    permission: 'manage',
    call: (w, p) => api('PATCH', `/workspaces/${w.wsA}/members/${w.people.MEMBER.userId}`, p.token, { role: 'MEMBER' }),
    foreignResource: (w, p) => api('PATCH', `/workspaces/${w.wsA}/members/${w.people.FOREIGN.userId}`, p.token, { role: 'MEMBER' }),
  },
  {
    name: 'DELETE member',
    permission: 'manage',
    call: async (w, p) => {
      const target = await person('leaver');
      await invite(w.wsA, owner(w), target, 'MEMBER');
      return api('DELETE', `/workspaces/${w.wsA}/members/${target.userId}`, p.token);
    },
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/members/${w.people.FOREIGN.userId}`, p.token),
  },
  { name: 'GET invitations', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/invitations`, p.token) },
  {
    name: 'POST invitation',
    permission: 'manage',
    call: (w, p) => api('POST', `/workspaces/${w.wsA}/invitations`, p.token, { email: `inbjuden-${++userCounter}@example.se`, role: 'MEMBER' }),
  },
  {
    name: 'DELETE invitation',
    permission: 'manage',
    call: async (w, p) => {
      const inv = await ok('POST', `/workspaces/${w.wsA}/invitations`, owner(w).token, { email: `aterkallad-${++userCounter}@example.se`, role: 'AUDITOR' });
      return api('DELETE', `/workspaces/${w.wsA}/invitations/${inv.id}`, p.token);
    },
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/invitations/${w.b.invitationId}`, p.token),
  },
  { name: 'GET events (SSE)', permission: 'read', call: (w, p) => streamStatus(`/workspaces/${w.wsA}/events`, p.token) },

  // register
  { name: 'GET profile', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/profile`, p.token) },
  {
    name: 'PUT profile',
    permission: 'manage',
    call: (w, p) =>
      api('PUT', `/workspaces/${w.wsA}/profile`, p.token, { name: 'Isoleringbolaget AB', orgNumber: ORG_NUMBER, sniCodes: ['41.200'], employees: 25, screening: { chemicals: true } }),
  },
  { name: 'GET lists', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/lists`, p.token) },
  { name: 'POST list', permission: 'write', call: (w, p) => api('POST', `/workspaces/${w.wsA}/lists`, p.token, { name: unique('Ny lista'), generate: false }) },
  {
    name: 'GET list',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/lists/${w.a.listId}`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/lists/${w.b.listId}`, p.token),
  },
  {
    name: 'PATCH list',
    permission: 'write',
    call: async (w, p) => api('PATCH', `/workspaces/${w.wsA}/lists/${await freshList(w)}`, p.token, { name: unique('Omdöpt lista') }),
    foreignResource: (w, p) => api('PATCH', `/workspaces/${w.wsA}/lists/${w.b.listId}`, p.token, { name: 'Kapad' }),
  },
  {
    name: 'DELETE list',
    permission: 'write',
    call: async (w, p) => api('DELETE', `/workspaces/${w.wsA}/lists/${await freshList(w)}`, p.token),
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/lists/${w.b.listId}`, p.token),
  },
  {
    name: 'POST list item',
    permission: 'write',
    call: async (w, p) => api('POST', `/workspaces/${w.wsA}/lists/${await freshList(w)}/items`, p.token, { ref: '1982:673', reason: 'Vi har anställda' }),
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/lists/${w.b.listId}/items`, p.token, { ref: '1982:673', reason: 'Vi har anställda' }),
  },
  {
    name: 'POST list item remove',
    permission: 'write',
    call: async (w, p) => {
      const { listId, itemId } = await freshItem(w);
      return api('POST', `/workspaces/${w.wsA}/lists/${listId}/items/${itemId}/remove`, p.token, { reason: 'Gäller inte oss längre' });
    },
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/lists/${w.b.listId}/items/${w.b.itemId}/remove`, p.token, { reason: 'Gäller inte oss' }),
  },
  {
    name: 'POST list item restore',
    permission: 'write',
    call: async (w, p) => {
      const { listId, itemId } = await freshItem(w);
      await ok('POST', `/workspaces/${w.wsA}/lists/${listId}/items/${itemId}/remove`, owner(w).token, { reason: 'Tillfälligt borttagen' });
      return api('POST', `/workspaces/${w.wsA}/lists/${listId}/items/${itemId}/restore`, p.token);
    },
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/lists/${w.b.listId}/items/${w.b.itemId}/restore`, p.token),
  },
  { name: 'GET requirements', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/requirements`, p.token) },
  {
    name: 'POST requirement',
    permission: 'write',
    call: (w, p) => api('POST', `/workspaces/${w.wsA}/requirements`, p.token, { itemId: w.a.itemId, title: 'Eget krav' }),
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/requirements`, p.token, { itemId: w.b.itemId, title: 'Kapat krav' }),
  },
  {
    name: 'GET requirement',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/requirements/${w.a.requirementId}`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/requirements/${w.b.requirementId}`, p.token),
  },
  {
    name: 'PATCH requirement',
    permission: 'write',
    call: async (w, p) => {
      const r = await freshRequirement(w);
      return api('PATCH', `/workspaces/${w.wsA}/requirements/${r.id}`, p.token, { version: r.version, status: 'DELVIS', motivation: 'Rutinen finns men är inte dokumenterad' });
    },
    foreignResource: (w, p) => api('PATCH', `/workspaces/${w.wsA}/requirements/${w.b.requirementId}`, p.token, { version: 1, status: 'UPPFYLLD' }),
  },
  {
    name: 'DELETE requirement',
    permission: 'write',
    call: async (w, p) => api('DELETE', `/workspaces/${w.wsA}/requirements/${(await freshRequirement(w)).id}`, p.token),
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/requirements/${w.b.requirementId}`, p.token),
  },
  {
    name: 'GET evidence',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/requirements/${w.a.requirementId}/evidence`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/requirements/${w.b.requirementId}/evidence`, p.token),
  },
  {
    name: 'POST evidence (link)',
    permission: 'write',
    call: (w, p) => api('POST', `/workspaces/${w.wsA}/requirements/${w.a.requirementId}/evidence`, p.token, { title: 'Rutin på intranätet', url: 'https://intranat.example.se/rutin' }),
    foreignResource: (w, p) =>
      api('POST', `/workspaces/${w.wsA}/requirements/${w.b.requirementId}/evidence`, p.token, { title: 'Kapad', url: 'https://example.se/x' }),
  },
  {
    name: 'GET evidence file',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/evidence/${w.a.fileEvidenceId}/file`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/evidence/${w.b.fileEvidenceId}/file`, p.token),
  },
  {
    name: 'DELETE evidence',
    permission: 'write',
    call: async (w, p) => {
      const e = await ok('POST', `/workspaces/${w.wsA}/requirements/${w.a.requirementId}/evidence`, owner(w).token, { title: 'Tillfällig länk', url: 'https://example.se/tillfallig' });
      return api('DELETE', `/workspaces/${w.wsA}/evidence/${e.id}`, p.token);
    },
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/evidence/${w.b.fileEvidenceId}`, p.token),
  },
  { name: 'GET export csv', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/export?format=csv`, p.token) },
  {
    name: 'GET export xlsx of a list',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/export?format=xlsx&listId=${w.a.listId}`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/export?format=xlsx&listId=${w.b.listId}`, p.token),
  },

  // board and activity
  { name: 'GET board', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/board`, p.token) },
  { name: 'POST column', permission: 'write', call: (w, p) => api('POST', `/workspaces/${w.wsA}/board/columns`, p.token, { name: unique('Granskning') }) },
  {
    name: 'PATCH column',
    permission: 'write',
    call: async (w, p) => api('PATCH', `/workspaces/${w.wsA}/board/columns/${await freshColumn(w)}`, p.token, { name: unique('Väntar') }),
    foreignResource: (w, p) => api('PATCH', `/workspaces/${w.wsA}/board/columns/${w.b.columnId}`, p.token, { name: 'Kapad' }),
  },
  {
    name: 'DELETE column',
    permission: 'write',
    call: async (w, p) => api('DELETE', `/workspaces/${w.wsA}/board/columns/${await freshColumn(w)}`, p.token),
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/board/columns/${w.b.columnId}`, p.token),
  },
  {
    name: 'POST card',
    permission: 'write',
    call: (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards`, p.token, { columnId: w.a.columnId, fields: { title: 'Nytt kort' } }),
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards`, p.token, { columnId: w.b.columnId, fields: { title: 'Kapat kort' } }),
  },
  {
    name: 'PATCH card',
    permission: 'write',
    call: async (w, p) => {
      const c = await freshCard(w);
      return api('PATCH', `/workspaces/${w.wsA}/board/cards/${c.id}`, p.token, { version: c.version, title: 'Ändrat kort' });
    },
    foreignResource: (w, p) => api('PATCH', `/workspaces/${w.wsA}/board/cards/${w.b.cardId}`, p.token, { version: 1, title: 'Kapat' }),
  },
  {
    name: 'POST card move',
    permission: 'write',
    call: async (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards/${(await freshCard(w)).id}/move`, p.token, { columnId: w.a.columnId, afterCardId: null, beforeCardId: null }),
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards/${w.b.cardId}/move`, p.token, { columnId: w.a.columnId, afterCardId: null, beforeCardId: null }),
  },
  {
    name: 'DELETE card',
    permission: 'write',
    call: async (w, p) => api('DELETE', `/workspaces/${w.wsA}/board/cards/${(await freshCard(w)).id}`, p.token),
    foreignResource: (w, p) => api('DELETE', `/workspaces/${w.wsA}/board/cards/${w.b.cardId}`, p.token),
  },
  {
    name: 'GET comments',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/board/cards/${w.a.cardId}/comments`, p.token),
    foreignResource: (w, p) => api('GET', `/workspaces/${w.wsA}/board/cards/${w.b.cardId}/comments`, p.token),
  },
  {
    name: 'POST comment',
    permission: 'write',
    call: (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards/${w.a.cardId}/comments`, p.token, { body: 'Klart till fredag' }),
    foreignResource: (w, p) => api('POST', `/workspaces/${w.wsA}/board/cards/${w.b.cardId}/comments`, p.token, { body: 'Kapad kommentar' }),
  },
  { name: 'GET activity', permission: 'read', call: (w, p) => api('GET', `/workspaces/${w.wsA}/activity`, p.token) },
  {
    name: 'GET activity of an entity',
    permission: 'read',
    call: (w, p) => api('GET', `/workspaces/${w.wsA}/activity?entityType=card&entityId=${w.a.cardId}`, p.token),
  },
];

describe('tenant isolation matrix (every compliance endpoint × role × workspace)', () => {
  let w: World;

  beforeAll(async () => {
    gateway = stackUrls().gateway;
    const people = {
      OWNER: await person('owner'),
      ADMIN: await person('admin'),
      MEMBER: await person('member'),
      AUDITOR: await person('auditor'),
      FOREIGN: await person('stranger'),
    } satisfies Record<Role, Person>;
    const a = await seedWorkspace(people.OWNER, 'Isolering A AB', 'Isolering');
    const b = await seedWorkspace(people.FOREIGN, 'Hemliga B AB', 'Hemlig');
    const invitationB = await ok('POST', `/workspaces/${b.ws}/invitations`, people.FOREIGN.token, { email: `hemlig-inbjudan-${Date.now()}@example.se`, role: 'MEMBER' });
    await invite(a.ws, people.OWNER, people.ADMIN, 'ADMIN');
    await invite(a.ws, people.OWNER, people.MEMBER, 'MEMBER');
    await invite(a.ws, people.OWNER, people.AUDITOR, 'AUDITOR');
    const { ws: wsA, ...aIds } = a;
    const { ws: wsB, ...bIds } = b;
    w = {
      wsA,
      wsB,
      people,
      a: aIds,
      b: { ...bIds, invitationId: invitationB.id },
      secretsB: ['Hemlig', wsB, ...Object.values(bIds), invitationB.id],
      secretsA: ['Isolering', ...Object.values(aIds)],
    };
  }, 180_000);

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.name, () => {
      for (const role of ROLES) {
        const allowed = ALLOWED[endpoint.permission].includes(role);
        it(`${role} → ${allowed ? '2xx' : '403'}`, async () => {
          const reply = await endpoint.call(w, w.people[role]);
          if (allowed) expect(reply.status >= 200 && reply.status < 300 ? 'ok' : `${reply.status} ${reply.text.slice(0, 300)}`).toBe('ok');
          else expect({ status: reply.status, code: reply.json?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
          for (const secret of role === 'FOREIGN' ? w.secretsA : w.secretsB) expect(reply.text).not.toContain(secret);
          expect(reply.text).not.toMatch(/at \S+ \(|QueryFailedError|stack/i);
        });
      }
      const foreignResource = endpoint.foreignResource;
      if (foreignResource) {
        it('another workspace’s resource in one’s own workspace path → 404, nothing leaked', async () => {
          const reply = await foreignResource(w, w.people.OWNER);
          expect({ status: reply.status, code: reply.json?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
          for (const secret of w.secretsB) expect(reply.text).not.toContain(secret);
        });
      }
      it('no token → 401', async () => {
        const reply = await endpoint.call(w, { ...w.people.OWNER, token: '' });
        expect(reply.status).toBe(401);
      });
    });
  }

  it('a workspace that does not exist → 404 for everyone', async () => {
    const reply = await api('GET', '/workspaces/00000000-0000-4000-8000-000000000000/board', w.people.OWNER.token);
    expect({ status: reply.status, code: reply.json?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('lists and profiles never show the other workspace', async () => {
    for (const role of ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR'] as const) {
      const mine = await ok('GET', '/workspaces', w.people[role].token);
      expect((mine.items as Array<{ id: string }>).map((x) => x.id)).toEqual([w.wsA]);
      const me = await api('GET', '/auth/me', w.people[role].token);
      for (const secret of w.secretsB) expect(me.text).not.toContain(secret);
    }
  });
});
