/**
 * Jest globalSetup of the integration tier (jest.int.config.ts).
 *
 * Creates this run's template database, runs every service's migrations
 * into it (services are discovered from apps/*\/src/data-source.ts through
 * scripts/db/services.ts, loaded at run time so this library does not import
 * application code) and hands its name to the workers via the environment.
 * Each run gets its own template, so two people (or CI jobs) running the
 * suite against one cluster never drop each other's template; databases left
 * behind by crashed runs older than a few hours are removed here.
 */
import './register-paths';
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  createDatabase,
  dropDatabase,
  listDatabases,
  runMigrations,
  serviceDataSourceOptions,
  withDatabase,
  type ServicePersistence,
} from '@laglig/persistence';
import { RUN_ID_ENV, TEMPLATE_ENV, TEMPLATE_PREFIX, TEST_DATABASE_PREFIX, isStaleTestDatabase, newRunId, testClusterUrl } from './database';

interface JestConfigLike {
  rootDir: string;
}

export default async function globalSetup(globalConfig: JestConfigLike): Promise<void> {
  const cluster = testClusterUrl();
  await dropStaleDatabases(cluster);

  const runId = newRunId();
  const template = `${TEMPLATE_PREFIX}${runId}`;
  await createDatabase(cluster, template);
  try {
    const { discoverServices } = require(join(globalConfig.rootDir, 'scripts/db/services')) as {
      discoverServices(root: string): Array<{ name: string; persistence: ServicePersistence }>;
    };
    for (const { persistence } of discoverServices(globalConfig.rootDir)) {
      const dataSource = new DataSource(
        serviceDataSourceOptions({ ...persistence, url: withDatabase(cluster, template), poolSize: 2, logging: ['error'] }),
      );
      await dataSource.initialize();
      try {
        await runMigrations(dataSource, { schema: persistence.schema });
      } finally {
        await dataSource.destroy();
      }
    }
  } catch (error) {
    // Jest skips globalTeardown when globalSetup fails.
    await dropDatabase(cluster, template);
    throw error;
  }
  // Workers are started after globalSetup and inherit this environment.
  process.env[TEMPLATE_ENV] = template;
  process.env[RUN_ID_ENV] = runId;
  process.env['TZ'] = 'UTC';
}

async function dropStaleDatabases(cluster: string): Promise<void> {
  const now = Date.now();
  for (const prefix of [TEMPLATE_PREFIX, TEST_DATABASE_PREFIX]) {
    for (const name of await listDatabases(cluster, prefix)) {
      if (isStaleTestDatabase(name, now)) await dropDatabase(cluster, name);
    }
  }
}
