/**
 * `npm run db:check`: fails when an entity differs from its migrations.
 *
 * For every service with apps/<svc>/src/data-source.ts: create a scratch
 * database, run the service's migrations into it, ask TypeORM's schema
 * builder what it would change to match the entities, and drop the scratch
 * database. Any pending SQL is drift: an entity change without a migration
 * (or the reverse). Exit code 1 lists the SQL per service.
 *
 * DATABASE_URL points at the cluster (any database; default
 * postgres://postgres@127.0.0.1:5432/postgres). Run from the workspace root.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  checkSchemaDrift,
  createDatabase,
  dropDatabase,
  runMigrations,
  serviceDataSourceOptions,
  type ServicePersistence,
} from '@laglig/persistence';
import { discoverServices } from './services';

export interface DriftReport {
  service: string;
  schema: string;
  applied: string[];
  pending: string[];
}

export async function checkServiceDrift(clusterUrl: string, service: string, persistence: ServicePersistence): Promise<DriftReport> {
  const name = `laglig_drift_${persistence.schema}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(clusterUrl, name);
  const dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url, logging: ['error'], poolSize: 3 }));
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource, { schema: persistence.schema });
    const pending = await checkSchemaDrift(dataSource);
    return { service, schema: persistence.schema, applied, pending };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(clusterUrl, name);
  }
}

async function main(): Promise<number> {
  const clusterUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const services = discoverServices();
  if (services.length === 0) {
    console.log('db:check: no apps/*/src/data-source.ts found');
    return 0;
  }
  let failed = false;
  for (const { name, persistence } of services) {
    const report = await checkServiceDrift(clusterUrl, name, persistence);
    if (report.pending.length === 0) {
      console.log(`ok   ${name} (schema ${report.schema}, ${report.applied.length} migrations)`);
    } else {
      failed = true;
      console.error(`FAIL ${name} (schema ${report.schema}): entities differ from migrations; a migration would need:`);
      for (const sql of report.pending) console.error(`     ${sql.replace(/\s+/g, ' ').trim()};`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('db:check failed:', error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
