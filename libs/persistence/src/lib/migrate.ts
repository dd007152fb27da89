import type { DataSource } from 'typeorm';
import { assertSchemaName } from './data-source-options';

export interface RunMigrationsOptions {
  schema: string;
}

/**
 * Create the service's schema and apply its pending migrations.
 *
 * Replicas that start together would otherwise race on the migrations table,
 * so the whole step runs under a session-level advisory lock keyed by the
 * schema: the first replica migrates, the others wait and then find nothing
 * pending. Each migration runs in its own transaction, so a migration that
 * must not run in one (CREATE INDEX CONCURRENTLY) can set `transaction = false`.
 *
 * @returns the names of the migrations that were applied (empty when up to date).
 */
export async function runMigrations(dataSource: DataSource, options: RunMigrationsOptions): Promise<string[]> {
  assertSchemaName(options.schema);
  const lockKey = `laglig:migrate:${options.schema}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Compare the entities with the migrated database using TypeORM's schema
 * builder and return the SQL it would run to make them agree. An empty list
 * means the migrations describe exactly what the entities declare; anything
 * else is an entity change without a migration (or a migration without the
 * matching entity change).
 */
export async function checkSchemaDrift(dataSource: DataSource): Promise<string[]> {
  const memory = await dataSource.driver.createSchemaBuilder().log();
  return memory.upQueries.map((query) => query.query);
}
