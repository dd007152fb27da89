import 'reflect-metadata';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ErrorCode } from '@laglig/contracts';
import { EventBus } from '@laglig/messaging';
import { createTestDatabase, type TestDatabase } from '@laglig/testing';
import { DocumentsHandlers } from '../documents/documents.handlers';
import { RecordingLawEventPublisher } from '../events/law-event-publisher';
import { OutboxRelay } from '../events/outbox-relay';
import { IngestionRunner } from '../ingestion/ingestion-runner';
import { SearchHandlers } from '../search/search.handlers';
import { SFS_DIR } from '../testing/test-support';
import { AppModule } from './app.module';

describe('AppModule wiring (real PostgreSQL)', () => {
  let db: TestDatabase;
  const saved = { url: process.env['DATABASE_URL'], poll: process.env['OUTBOX_POLL_MS'] };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env['DATABASE_URL'] = db.url;
    process.env['OUTBOX_POLL_MS'] = '0';
  });
  afterAll(async () => {
    process.env['DATABASE_URL'] = saved.url;
    process.env['OUTBOX_POLL_MS'] = saved.poll;
    await db?.drop();
  });

  async function boot(extra: unknown[] = []): Promise<INestApplicationContext> {
    const moduleRef = await Test.createTestingModule({ imports: [...(extra as []), AppModule] }).compile();
    return moduleRef.init();
  }

  it('boots without messaging: handlers answer, events wait in the outbox', async () => {
    const app = await boot();
    try {
      expect(await app.get(DocumentsHandlers).get({ sfs: '1900:1' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
      expect(await app.get(SearchHandlers).handle({ q: 'semester', page: 1, pageSize: 5 })).toMatchObject({ ok: true, value: { total: 0 } });
      expect(app.get(OutboxRelay).enabled).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('binds the law event publisher to the messaging EventBus when the app has one', async () => {
    const bus = new RecordingLawEventPublisher();
    @Global()
    @Module({ providers: [{ provide: EventBus, useValue: bus }], exports: [EventBus] })
    class FakeMessagingModule {}

    const app = await boot([FakeMessagingModule]);
    try {
      const summary = await app.get(IngestionRunner).runFolder(SFS_DIR, { concurrency: 4 });
      expect(summary.errors).toEqual([]);
      expect(await app.get(OutboxRelay).flush()).toEqual({ published: 53, failed: 0 });
      expect(bus.ofType('law.ingested')).toHaveLength(53);
    } finally {
      await app.close();
    }
  });
});
