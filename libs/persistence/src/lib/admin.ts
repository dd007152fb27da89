import { Client } from 'pg';
import { withDatabase } from './data-source-options';

/** Database names are interpolated into DDL: plain identifiers only. */
const DATABASE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME_PATTERN.test(name)) throw new Error(`Invalid database name "${name}"`);
}

/** Run `fn` with a client connected to the cluster's `postgres` maintenance database. */
export async function withAdminClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), application_name: 'laglig-admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface CreateDatabaseOptions {
  template?: string;
  /** Retries while the template is briefly in use by another session (SQLSTATE 55006). */
  attempts?: number;
}

/** CREATE DATABASE (optionally from a template). Returns the URL of the new database. */
export async function createDatabase(url: string, name: string, options: CreateDatabaseOptions = {}): Promise<string> {
  assertDatabaseName(name);
  if (options.template) assertDatabaseName(options.template);
  const sql = options.template ? `CREATE DATABASE "${name}" TEMPLATE "${options.template}"` : `CREATE DATABASE "${name}"`;
  const attempts = options.attempts ?? 20;
  await withAdminClient(url, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== '55006' || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  return withDatabase(url, name);
}

/** DROP DATABASE IF EXISTS ... WITH (FORCE): disconnects leftover sessions first. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withAdminClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Names of databases whose name starts with `prefix` (for cleaning up after crashed runs). */
export async function listDatabases(url: string, prefix: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY datname`,
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  });
}

