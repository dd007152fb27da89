import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Schema names are interpolated into SQL (CREATE SCHEMA, lock keys): keep them to plain identifiers. */
export const SCHEMA_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

// TypeORM's own list types use Function for entity/migration classes.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function | string>;

/**
 * What every service exports from `apps/<svc>/src/data-source.ts` as
 * `export const persistence = { schema, entities, migrations }`. The drift
 * check (`npm run db:check`) and the integration-test template database are
 * built from these declarations, so a service needs nothing else to take part.
 */
export interface ServicePersistence {
  /** The PostgreSQL schema the service owns (`law_catalog`, `rag`, ...). */
  schema: string;
  entities: EntityList;
  migrations: MigrationList;
  /**
   * Settings for every connection of the service (`-c name=value` in the
   * startup packet), e.g. `{ jit: 'off' }` for a service of short queries
   * whose cost estimates cross jit_above_cost (rag: 215 ms of JIT
   * compilation for a 1 ms lookup, apps/rag/README.md).
   */
  sessionSettings?: Readonly<Record<string, string>>;
}

export interface ServiceDataSourceInput extends ServicePersistence {
  url: string;
  logging?: PostgresConnectionOptions['logging'];
  /** Connections per process; default 10 (env DB_POOL_SIZE when read through PersistenceModule). */
  poolSize?: number;
  /** Shown in pg_stat_activity; default `laglig-<schema>`. */
  applicationName?: string;
}

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error(`Invalid schema name "${schema}" (expected lower-case letters, digits and underscores)`);
  }
}

/**
 * Data source options for a service that owns one schema: migrations are
 * explicit (never `synchronize`), never run implicitly on connect, and their
 * bookkeeping table lives inside the service's own schema.
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  assertSchemaName(input.schema);
  const options: PostgresConnectionOptions = {
    type: 'postgres',
    url: input.url,
    schema: input.schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL >= 13; no extension needed.
    uuidExtension: 'pgcrypto',
    // Extensions are created by migrations (with the rights they need), not on every connect.
    installExtensions: false,
    applicationName: input.applicationName ?? `laglig-${input.schema.replace(/_/g, '-')}`,
    poolSize: input.poolSize ?? 10,
    logging: input.logging ?? ['error', 'warn', 'migration'],
    extra: {
      // Fail fast instead of queueing forever when the database is unreachable.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      ...(input.sessionSettings ? { options: sessionOptions(input.sessionSettings) } : {}),
    },
  };
  return options;
}

/** `{ jit: 'off' }` → `-c jit=off` (node-postgres's `options` startup parameter). */
export function sessionOptions(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([name, value]) => {
      if (!/^[a-z_][a-z0-9_.]*$/.test(name) || !/^[A-Za-z0-9_.:-]+$/.test(value)) throw new Error(`Invalid session setting ${name}=${value}`);
      return `-c ${name}=${value}`;
    })
    .join(' ');
}

/** Replace the database name of a postgres URL (keeps credentials, host and query). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database name of a postgres URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
