import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { EventBus, redisOptionsFromUrl } from '@laglig/messaging';
import { createTestDatabase, testRedisPrefix, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';

const V1 = '2b1f9a5e-8a57-4c37-9d7e-2f6f2b0a1a01';
const V2 = '2b1f9a5e-8a57-4c37-9d7e-2f6f2b0a1a02';

/** The rag service as it runs: its Nest app consumes law events from real BullMQ into real PostgreSQL. */
describe('rag index state from law events', () => {
  let db: TestDatabase;
  let redis: TestRedisPrefix;
  let app: INestApplicationContext;
  let bus: EventBus;
  let rows: (sfs: string) => Promise<Array<{ status: string; version_id: string; last_event_id: string }>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = testRedisPrefix('rag-index');
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', INDEXER_ENABLED: 'false' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = await moduleRef.init();
    const ds = app.get(DataSource);
    rows = (sfs) => ds.query(`SELECT status, version_id, last_event_id FROM rag.law_index_state WHERE sfs = $1`, [sfs]);
    bus = new EventBus('law-catalog', { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix });
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await redis?.cleanup();
    await db?.drop();
    process.env = saved;
  });

  async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const end = Date.now() + 10_000;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('marks an ingested law pending, once, however often the event arrives', async () => {
    const payload = { sfs: '1977:480', title: 'Semesterlag (1977:480)', versionId: V1, contentHash: 'h1', sectionCount: 40 };
    await bus.publish('law.ingested', payload, { id: `law.ingested.${V1}` });
    await bus.publish('law.ingested', payload, { id: `law.ingested.${V1}` });
    const r = await until(() => rows('1977:480'), (v) => v.length === 1);
    expect(r).toEqual([{ status: 'pending', version_id: V1, last_event_id: `law.ingested.${V1}` }]);
  });

  it('moves to the new version on law.changed and to removed on law.repealed', async () => {
    await bus.publish(
      'law.changed',
      {
        sfs: '1977:480',
        title: 'Semesterlag (1977:480)',
        previousVersionId: V1,
        versionId: V2,
        amendingSfs: '2026:5',
        inForce: '2026-07-01',
        added: [],
        modified: ['P4'],
        repealed: [],
        substantive: true,
      },
      { id: `law.changed.${V2}` },
    );
    expect(await until(() => rows('1977:480'), (v) => v[0]?.version_id === V2)).toEqual([
      { status: 'pending', version_id: V2, last_event_id: `law.changed.${V2}` },
    ]);
    await bus.publish('law.repealed', { sfs: '1977:480', title: 'Semesterlag (1977:480)', versionId: V2, repealedBy: '2026:9' });
    expect((await until(() => rows('1977:480'), (v) => v[0]?.status === 'removed'))[0]?.status).toBe('removed');
  });
});
