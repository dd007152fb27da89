import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, withDatabase } from '@laglig/persistence';

/** Env var through which the Jest global setup hands the migrated template's name to the test workers. */
export const TEMPLATE_ENV = 'LAGLIG_TEST_TEMPLATE_DB';
/** Env var holding the id of the current test run (prefix of every database it creates). */
export const RUN_ID_ENV = 'LAGLIG_TEST_RUN_ID';
export const DEFAULT_TEMPLATE = 'laglig_template';
export const TEST_DATABASE_PREFIX = 'laglig_t_';
export const TEMPLATE_PREFIX = 'laglig_template_';

/**
 * URL of the PostgreSQL cluster used by tests (any database on it; the
 * helpers connect to `postgres` for CREATE/DROP DATABASE). TEST_DATABASE_URL
 * wins over DATABASE_URL so a developer's DATABASE_URL is never touched.
 */
export function testClusterUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['TEST_DATABASE_URL'] ?? env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  /** Database name (laglig_t_<run>_<random>). */
  name: string;
  /** Connection URL of the new database: DATABASE_URL for the code under test. */
  url: string;
  /** Same database, for a TypeORM DataSource (`serviceDataSourceOptions({ url: dataSourceUrl, ... })`). */
  dataSourceUrl: string;
  /** Drops the database (disconnecting leftover sessions). Call in afterAll. */
  drop(): Promise<void>;
}

/** Test databases older than this are leftovers of crashed runs. */
export const STALE_AFTER_MS = 6 * 3600 * 1000;

/**
 * Only names this module generates are considered (laglig_template_<run> and
 * laglig_t_<run>_<hex>, run = base36 milliseconds + "_" + 6 hex digits), and
 * only when their timestamp is plausible and older than STALE_AFTER_MS; a
 * database of a concurrent run is never touched.
 */
export function isStaleTestDatabase(name: string, now: number): boolean {
  const match = /^laglig_(?:template_|t_)([0-9a-z]{8,9})_[0-9a-f]{6}(?:_[0-9a-f]{8})?$/.exec(name);
  if (!match) return false;
  const started = parseInt(match[1], 36);
  return started > Date.UTC(2024, 0, 1) && started < now && now - started > STALE_AFTER_MS;
}

/** A short, sortable, unique id: base36 milliseconds + random hex (lower-case, identifier-safe). */
export function newRunId(now: number = Date.now()): string {
  return `${now.toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * A fresh database copied from the migrated template (DESIGN §6: migrate one
 * template once per run, `CREATE DATABASE x TEMPLATE y` per test file).
 * Every service's schema is present and migrated; tables are empty.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const cluster = testClusterUrl();
  const template = process.env[TEMPLATE_ENV] ?? DEFAULT_TEMPLATE;
  const run = process.env[RUN_ID_ENV] ?? 'adhoc';
  const name = `${TEST_DATABASE_PREFIX}${run}_${randomBytes(4).toString('hex')}`;
  await createDatabase(cluster, name, { template });
  const url = withDatabase(cluster, name);
  return { name, url, dataSourceUrl: url, drop: () => dropDatabase(cluster, name) };
}
