/**
 * Child process for the stalled-job test: consumes events for `rag`, and on
 * the first job it signals the parent and hangs, so the parent can SIGKILL it
 * mid-job. Run with the TS register hooks (see messaging.int-spec.ts).
 */
import { createLogger } from '@laglig/observability';
import { EventConsumer } from '../lib/events';
import { redisOptionsFromUrl } from '../lib/connection';

const prefix = process.env['TEST_PREFIX'] ?? '';
const consumer = new EventConsumer(
  'rag',
  new Map([
    [
      'law.ingested',
      async () => {
        process.send?.('started');
        await new Promise(() => undefined);
      },
    ],
  ]),
  { redis: redisOptionsFromUrl(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'), prefix },
  createLogger('stall-worker', 'silent'),
  { lockDuration: 1000, stalledInterval: 500 },
);
void consumer.start().then(() => process.send?.('ready'));
