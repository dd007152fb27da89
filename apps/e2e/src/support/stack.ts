/**
 * The real stack for end-to-end tests, started from the built output:
 *
 *   1. a fresh database copied from the migrated template (createTestDatabase),
 *      a unique Redis key prefix for queues (QUEUE_PREFIX) and for the SSR cache;
 *   2. `node dist/apps/law-catalog/main.js ingest --dir data/sfs` (the bundled statutes);
 *   3. every service with `main.js serve`, each in its own process group;
 *   4. the web server `dist/apps/web/server/server.mjs` in front of the gateway;
 *   5. waits for `GET /api/v1/health` and the web's `/healthz`.
 *
 * `stop()` kills every process group and removes the database and Redis keys;
 * the Jest global teardown calls it even when tests fail.
 * Nothing is built here: the test command builds first.
 */
import { createTestDatabase, deleteKeysWithPrefix, testRedisUrl, type TestDatabase } from '@laglig/testing';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startControlledRiksdagen, type ControlledRiksdagen } from './riksdagen';
import { type ManagedProcess, freePort, installExitHandlers, runToCompletion, startProcess, stopProcess, waitForHttp } from './processes';

export const GATEWAY = 'api-gateway';
/** Services started besides the gateway when their build exists (law-catalog is required). */
export const SERVICES = ['law-catalog', 'rag', 'compliance-workflow', 'notifier'] as const;
export const REQUIRED_SERVICES = [GATEWAY, 'law-catalog'] as const;

export interface Stack {
  gatewayUrl: string;
  webUrl: string;
  databaseUrl: string;
  redisUrl: string;
  /** BullMQ prefix of this run. */
  queuePrefix: string;
  /** SSR cache key prefix of this run. */
  ssrCachePrefix: string;
  logDir: string;
  /** POST {dokId, text} to `${riksdagenControlUrl}/text` publishes a new version on the loopback Riksdagen API. */
  riksdagenControlUrl: string;
  /** Bearer token of /api/v1/admin/* for this run. */
  adminToken: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  root: string;
  corpusDir?: string;
  /** Stream of progress lines (the setup prints them). */
  progress?: (line: string) => void;
}

export function serviceEntry(root: string, service: string): string {
  return join(root, 'dist', 'apps', service, 'main.js');
}

export function webEntry(root: string): string {
  return join(root, 'dist', 'apps', 'web', 'server', 'server.mjs');
}

/** Fails with a clear message when the apps were not built. */
export function assertBuilt(root: string, entries: string[]): void {
  const missing = entries.filter((entry) => !existsSync(entry));
  if (missing.length > 0) {
    throw new Error(
      `End-to-end tests run the built apps, but these are missing:\n  ${missing.join('\n  ')}\n` +
        'Build first: NX_DAEMON=false npx nx run-many -t build (or run `npx nx e2e e2e`, which builds).',
    );
  }
}

export interface WebServerOptions {
  root: string;
  gatewayUrl: string;
  redisUrl: string;
  ssrCachePrefix: string;
  logDir: string;
  name?: string;
  extraEnv?: NodeJS.ProcessEnv;
}

export interface WebServer {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts the built SSR server and waits for /healthz. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  assertBuilt(options.root, [webEntry(options.root)]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(options.name ?? 'web', [webEntry(options.root)], {
    cwd: options.root,
    logDir: options.logDir,
    env: {
      ...baseEnv(),
      PORT: String(port),
      GATEWAY_URL: options.gatewayUrl,
      PUBLIC_BASE_URL: url,
      REDIS_URL: options.redisUrl,
      SSR_CACHE_PREFIX: options.ssrCachePrefix,
      ...options.extraEnv,
    },
  });
  try {
    await waitForHttp(`${url}/healthz`, proc, 30_000);
  } catch (error) {
    await stopProcess(proc);
    throw error;
  }
  return { url, process: proc, stop: () => stopProcess(proc) };
}

function baseEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG } = process.env;
  return { PATH, HOME, LANG, TZ: 'UTC', NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn' };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { root } = options;
  const progress = options.progress ?? (() => undefined);
  const corpusDir = options.corpusDir ?? join(root, 'data', 'sfs');
  assertBuilt(root, [...REQUIRED_SERVICES.map((s) => serviceEntry(root, s)), webEntry(root)]);
  installExitHandlers();

  const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const logDir = join(root, 'tmp', 'e2e', run);
  const redisUrl = testRedisUrl();
  const queuePrefix = `{laglig-e2e-${run}}`;
  const ssrCachePrefix = `laglig-e2e-${run}:ssr`;
  const processes: ManagedProcess[] = [];
  let database: TestDatabase | null = null;
  let web: WebServer | null = null;
  let riksdagen: ControlledRiksdagen | null = null;
  const adminToken = randomBytes(32).toString('hex');

  const stop = async (): Promise<void> => {
    await web?.stop();
    await riksdagen?.close().catch(() => undefined);
    await Promise.all(processes.map((p) => stopProcess(p)));
    await database?.drop().catch(() => undefined);
    await deleteKeysWithPrefix(redisUrl, queuePrefix).catch(() => undefined);
    await deleteKeysWithPrefix(redisUrl, ssrCachePrefix).catch(() => undefined);
  };

  try {
    database = await createTestDatabase();
    riksdagen = await startControlledRiksdagen();
    const gatewayPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      // A throwaway signing secret for this run (the gateway requires one).
      JWT_SECRET: randomBytes(48).toString('base64'),
      // The specs sign in many users from one address; the per-address lockout still applies.
      AUTH_THROTTLE_LIMIT: '1000',
      THROTTLE_LIMIT: '100000',
      // Without SMTP the notifier writes each mail as an .eml file here (specs read invitations from it).
      MAIL_DIR: join(logDir, 'mail'),
      // Change monitoring: law-catalog syncs from the loopback Riksdagen API, only when a spec asks
      // (POST /api/v1/admin/sync); digests run when a spec starts one (POST /api/v1/admin/digests/run, then GET …/digests/runs/:id until completed).
      RIKSDAGEN_BASE_URL: riksdagen.url,
      SYNC_CRON: 'off',
      DIGEST_CRON: 'off',
      ADMIN_API_TOKEN: adminToken,
      UNSUBSCRIBE_SECRET: randomBytes(32).toString('base64'),
    };

    progress(`e2e: ingesting ${corpusDir} (logs in ${logDir})`);
    await runToCompletion('ingest', [serviceEntry(root, 'law-catalog'), 'ingest', '--dir', corpusDir], {
      cwd: root,
      // A port of its own, in case the command also opens its HTTP endpoint.
      env: { ...env, PORT: String(await freePort()) },
      logDir,
      timeoutMs: 5 * 60_000,
    });

    const workers: Array<{ proc: ManagedProcess; port: number }> = [];
    for (const service of SERVICES) {
      const entry = serviceEntry(root, service);
      if (!existsSync(entry)) {
        progress(`e2e: ${service} is not built; not started`);
        continue;
      }
      // Each worker serves GET /health on a port of its own.
      const port = await freePort();
      const proc = startProcess(service, [entry, 'serve'], { cwd: root, logDir, env: { ...env, PORT: String(port) } });
      processes.push(proc);
      workers.push({ proc, port });
    }
    await Promise.all(workers.map(({ proc, port }) => waitForHttp(`http://127.0.0.1:${port}/health`, proc, 90_000)));
    progress(`e2e: ${workers.map((w) => w.proc.name).join(', ')} healthy`);
    const gateway = startProcess(GATEWAY, [serviceEntry(root, GATEWAY), 'serve'], {
      cwd: root,
      logDir,
      env: { ...env, PORT: String(gatewayPort) },
    });
    processes.push(gateway);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await waitForHttp(`${gatewayUrl}/api/v1/health`, gateway, 90_000);
    progress(`e2e: gateway healthy at ${gatewayUrl}`);

    web = await startWebServer({ root, gatewayUrl, redisUrl, ssrCachePrefix, logDir });
    progress(`e2e: web at ${web.url}`);

    return {
      gatewayUrl,
      webUrl: web.url,
      databaseUrl: database.url,
      redisUrl,
      queuePrefix,
      ssrCachePrefix,
      logDir,
      riksdagenControlUrl: riksdagen.controlUrl,
      adminToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
