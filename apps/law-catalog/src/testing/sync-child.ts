/**
 * The law-catalog as a separate process for the crash/resume test: boots the
 * app with real BullMQ (from the environment), starts a full sync and prints
 * `RUN <id>`; the test SIGKILLs it mid-run.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register apps/law-catalog/src/testing/sync-child.ts
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ServiceModule } from '../app/service.module';
import { SyncService } from '../sync/sync.service';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ServiceModule, { logger: ['error', 'warn'] });
  await app.init();
  const started = await app.get(SyncService).start('full', 'manual');
  if (!started.ok) throw new Error(started.message);
  process.stdout.write(`RUN ${started.value.id}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
