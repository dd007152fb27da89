import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { loadConfig, BaseConfigSchema } from '@laglig/config';
import { createLogger } from '@laglig/observability';
import { runMigrations, serviceDataSourceOptions, type ServicePersistence } from '@laglig/persistence';

export type ExtraCommand = (argv: string[]) => Promise<number>;

export interface RunServiceOptions {
  name: string;
  appModule: Type<unknown>;
  persistence?: ServicePersistence;
  /** Port for the service's HTTP surface (health for workers, the API for the gateway). */
  defaultPort: number;
  /** Extra subcommands, e.g. law-catalog's `ingest`. */
  commands?: Record<string, ExtraCommand>;
  /** Called after the Nest app is created, before it listens (gateway: helmet, CORS, OpenAPI...). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** Runs the service's migrations (under an advisory lock, so replicas may race safely). */
export async function migrate(persistence: ServicePersistence, databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url: databaseUrl, poolSize: 2 }));
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource, { schema: persistence.schema });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * One entry point per service: `main.js [serve|migrate|<command>]`.
 * `serve` migrates (unless MIGRATE_ON_START=false, for clusters that run the
 * migration Job) and then starts the Nest app with its workers.
 */
export async function runService(options: RunServiceOptions, argv = process.argv.slice(2)): Promise<void> {
  const log = createLogger(options.name);
  const [command = 'serve', ...rest] = argv;
  try {
    const config = loadConfig(BaseConfigSchema);
    if (command === 'migrate') {
      if (!options.persistence) {
        log.info('no database schema to migrate');
      } else {
        const applied = await migrate(options.persistence, config.DATABASE_URL);
        log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
      }
      process.exit(0);
    }
    const extra = options.commands?.[command];
    if (extra) {
      process.exit(await extra(rest));
    }
    if (command !== 'serve') {
      const known = ['serve', 'migrate', ...Object.keys(options.commands ?? {})].join(', ');
      log.error(`unknown command "${command}" (known: ${known})`);
      process.exit(2);
    }
    if (options.persistence && process.env['MIGRATE_ON_START'] !== 'false') {
      const applied = await migrate(options.persistence, config.DATABASE_URL);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
    const app = await NestFactory.create(options.appModule, { bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    app.enableShutdownHooks();
    await options.configure?.(app);
    const port = Number(process.env['PORT'] ?? options.defaultPort);
    await app.listen(port, process.env['HOST'] ?? '0.0.0.0');
    log.info({ port }, `${options.name} started`);
  } catch (err) {
    log.fatal({ err }, `${options.name} failed to start`);
    // Let pino flush before exiting.
    setTimeout(() => process.exit(1), 100);
  }
}
