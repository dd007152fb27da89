import './register-paths';
import { dropDatabase, listDatabases } from '@laglig/persistence';
import { RUN_ID_ENV, TEMPLATE_ENV, TEST_DATABASE_PREFIX, testClusterUrl } from './database';

/** Drops this run's template and any test database a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const cluster = testClusterUrl();
  const runId = process.env[RUN_ID_ENV];
  if (runId) {
    for (const name of await listDatabases(cluster, `${TEST_DATABASE_PREFIX}${runId}_`)) await dropDatabase(cluster, name);
  }
  const template = process.env[TEMPLATE_ENV];
  if (template) await dropDatabase(cluster, template);
}
