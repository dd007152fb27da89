import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase } from './database';
import { testRedisPrefix, testRedisUrl } from './redis';
import { loadSfsFixtures, startRiksdagenServer, type RiksdagenServer } from './riksdagen-server';

describe('createTestDatabase', () => {
  it('copies the migrated template: every service schema is there, tables are empty', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`SELECT name FROM law_catalog.migrations`);
      expect(rows.map((r) => r.name)).toContain('InitialLawCatalog1795317874339');
      const { rows: counts } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM law_catalog.documents`);
      expect(counts[0].n).toBe(0);
    } finally {
      await client.end();
    }
    expect(db.name).toMatch(/^laglig_t_/);
    await db.drop();
    const admin = new Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [db.name]);
    await admin.end();
    expect(rows).toHaveLength(0);
  });

  it('gives parallel callers separate databases', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.name).not.toBe(b.name);
    await Promise.all([a.drop(), b.drop()]);
  });
});

describe('testRedisPrefix', () => {
  it('hands out a hash-tagged prefix and deletes only its own keys', async () => {
    const mine = testRedisPrefix('Riksdagen sync!');
    const other = testRedisPrefix('other');
    expect(mine.prefix).toMatch(/^\{laglig-test-riksdagen-sync-[0-9a-f]{8}\}$/);
    const redis = new Redis(testRedisUrl());
    try {
      for (let i = 0; i < 1500; i++) await redis.set(`${mine.prefix}:queue:${i}`, 'x');
      await redis.set(`${other.prefix}:queue:1`, 'x');
      expect(await mine.cleanup()).toBe(1500);
      expect(await redis.exists(`${mine.prefix}:queue:7`)).toBe(0);
      expect(await redis.exists(`${other.prefix}:queue:1`)).toBe(1);
      await other.cleanup();
    } finally {
      redis.disconnect();
    }
  });
});

describe('startRiksdagenServer', () => {
  let server: RiksdagenServer;
  afterEach(() => server?.close());

  const getJson = async (url: string): Promise<Record<string, unknown>> => (await fetch(url)).json() as Promise<Record<string, unknown>>;

  it('serves dokumentlista pages in the real shape, linked by an absolute @nasta_sida', async () => {
    server = await startRiksdagenServer({ pageSize: 20 });
    const total = loadSfsFixtures().length;
    const first = (await getJson(`${server.url}/dokumentlista/?doktyp=sfs&utformat=json&sort=datum&sortorder=asc&p=1`))['dokumentlista'] as Record<string, unknown>;
    expect(first).toMatchObject({ '@traffar': String(total), '@sida': '1', '@sidor': '3', '@traff_fran': '1', '@traff_till': '20' });
    const docs = first['dokument'] as Array<Record<string, string>>;
    expect(docs).toHaveLength(20);
    expect(docs[0]).toMatchObject({ doktyp: 'sfs', typ: 'sfs', subtyp: 'sfst' });
    expect(docs.map((d) => d['datum'])).toEqual([...docs.map((d) => d['datum'])].sort());
    expect(docs[0]['dokument_url_text']).toMatch(/^\/\/127\.0\.0\.1:\d+\/dokument\/sfs-[\d-]+\.text$/);
    const next = first['@nasta_sida'] as string;
    expect(next.startsWith(`${server.url}/dokumentlista/?`)).toBe(true);
    expect(new URL(next).searchParams.get('p')).toBe('2');
    const last = (await getJson(`${server.url}/dokumentlista/?doktyp=sfs&utformat=json&p=3`))['dokumentlista'] as Record<string, unknown>;
    expect(last['@nasta_sida']).toBeUndefined();
    expect(last['dokument']).toHaveLength(total - 40);
  });

  it('filters by from date and serves dokumentstatus and text with CRLF', async () => {
    server = await startRiksdagenServer({ only: ['1977:480', '2010:800'] });
    const list = (await getJson(`${server.url}/dokumentlista/?doktyp=sfs&utformat=json&from=2000-01-01`))['dokumentlista'] as Record<string, unknown>;
    expect((list['dokument'] as Array<{ beteckning: string }>).map((d) => d.beteckning)).toEqual(['2010:800']);
    const status = (await getJson(`${server.url}/dokumentstatus/sfs-1977-480.json`))['dokumentstatus'] as {
      dokument: Record<string, string>;
      dokuppgift: { uppgift: Array<{ kod: string; text: string }> };
    };
    expect(status.dokument).toMatchObject({ dok_id: 'sfs-1977-480', beteckning: '1977:480', datum: '1977-06-09 00:00:00', subtitel: 't.o.m. SFS 2014:424' });
    expect(status.dokument['text']).toContain('\r\n');
    expect(status.dokuppgift.uppgift.map((u) => u.kod)).toEqual(expect.arrayContaining(['artal', 'utfardad', 'andrattillochmed']));
    const text = await (await fetch(`${server.url}/dokument/sfs-1977-480.text`)).text();
    expect(text.startsWith('Semesterförmåner\r\n')).toBe(true);
    expect((await fetch(`${server.url}/dokument/sfs-1900-1.text`)).status).toBe(404);
  });

  it('injects failures, malformed documents and records requests', async () => {
    server = await startRiksdagenServer({
      only: ['1977:480'],
      failures: [{ path: '/dokument/sfs-1977-480.text', times: 2, status: 500 }],
      malformed: [{ dokId: 'sfs-1977-480', kind: 'invalid-json' }],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/dokument/sfs-1977-480.text`)).status);
    expect(statuses).toEqual([500, 500, 200]);
    await expect((await fetch(`${server.url}/dokumentstatus/sfs-1977-480.json`)).json()).rejects.toThrow();
    expect(server.hits('/dokument/sfs-1977-480.text')).toBe(3);
    expect(server.requests.map((r) => r.status)).toEqual([500, 500, 200, 200]);
  });
});
