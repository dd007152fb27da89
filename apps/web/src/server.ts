/**
 * The web server: Express in front of Angular SSR.
 *
 *   /api/*                 streamed to the API gateway (the browser calls relative URLs)
 *   /robots.txt            crawl rules naming the sitemap
 *   /sitemap.xml           sitemap index → /sitemaps/laws-<n>.xml (≤ 50,000 URLs each)
 *   /healthz               liveness for orchestration and tests
 *   static files           hashed bundles from dist/apps/web/browser
 *   /lagar/:sfs            law pages, cached per document version in Redis (ETag, 304, X-Cache)
 *   everything else        rendered by Angular
 */
import { AngularNodeAppEngine, createNodeRequestHandler, isMainModule, writeResponseToNodeResponse } from '@angular/ssr/node';
import { createLogger } from '@laglig/observability';
import express, { type ErrorRequestHandler } from 'express';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SsrRequestContext } from './app/core/forward-client-ip';
import { allowedHosts, readWebEnv, trustedProxyHeaders } from './server/env';
import { GatewayClient } from './server/gateway-client';
import { gatewayProxy } from './server/gateway-proxy';
import { RedisLawHtmlCache } from './server/law-cache';
import { lawPageHandler } from './server/law-page-handler';
import { robotsTxt } from './server/robots';
import {
  type CursorStore,
  type IndexPage,
  sitemapIndexXml,
  sitemapPageCount,
  sitemapPageItems,
  sitemapUrlsetXml,
} from './server/sitemap';

const env = readWebEnv();
const log = createLogger('web', env.LOG_LEVEL);

const serverDistFolder = dirname(fileURLToPath(import.meta.url));
const browserDistFolder = resolve(serverDistFolder, '../browser');

/** Changes whenever any bundle changes (file names carry content hashes): part of ETags and cache entries. */
function computeBuildId(): string {
  const hash = createHash('sha256');
  for (const dir of [serverDistFolder, browserDistFolder]) {
    try {
      for (const name of readdirSync(dir).sort()) hash.update(`${dir === serverDistFolder ? 's' : 'b'}:${name}\n`);
    } catch {
      hash.update(`missing:${dir}\n`);
    }
  }
  return hash.digest('hex').slice(0, 10);
}
const buildId = computeBuildId();

const angularApp = new AngularNodeAppEngine({
  allowedHosts: allowedHosts(env),
  trustProxyHeaders: trustedProxyHeaders(env),
});
const gateway = new GatewayClient(env.GATEWAY_URL, env.GATEWAY_TIMEOUT_MS);

// --- Redis (page cache, sitemap cursors): optional; every use degrades to "no cache". ---
let redisUp = false;
const redis = env.SSR_CACHE_ENABLED
  ? new Redis(env.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 500, 5000),
    })
  : null;
if (redis) {
  redis.on('ready', () => {
    redisUp = true;
    log.info('ssr cache connected');
  });
  redis.on('error', (error: Error) => {
    if (redisUp) log.warn({ err: error.message }, 'ssr cache unavailable; rendering without cache');
    redisUp = false;
  });
}

/** Connects the cache when the server starts (not when the build imports this module to extract routes). */
function connectCache(): void {
  redis?.connect().catch((error: Error) => log.warn({ err: error.message }, 'ssr cache unavailable at start; rendering without cache'));
}
const lawCache = redis
  ? new RedisLawHtmlCache(redis, { prefix: env.SSR_CACHE_PREFIX, ttlSeconds: env.SSR_CACHE_TTL_SECONDS, buildId }, log)
  : null;

const sitemapCursors: CursorStore = {
  get: async (page) => {
    if (!redis || redis.status !== 'ready') return undefined;
    try {
      return (await redis.get(`${env.SSR_CACHE_PREFIX}:sitemap-cursor:${page}`)) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set: async (page, cursor) => {
    if (!redis || redis.status !== 'ready') return;
    try {
      await redis.set(`${env.SSR_CACHE_PREFIX}:sitemap-cursor:${page}`, cursor, 'EX', 3600);
    } catch {
      // Only an optimisation.
    }
  },
};

async function fetchIndex(cursor: string | null, limit: number): Promise<IndexPage> {
  const { status, body } = await gateway.getJson<IndexPage>('/api/v1/laws-index', { cursor, limit });
  if (!body) throw new Error(`laws-index answered ${status}`);
  return body;
}

// --- Routes ---
const app = express();
// req.ip is the visitor behind our own ingress/CDN (private networks only), not the proxy.
app.set('trust proxy', process.env['TRUST_PROXY'] ?? 'loopback, linklocal, uniquelocal');
app.disable('x-powered-by');

// Access log: path only (queries may hold what a user searched for).
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info(
      { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, cache: res.getHeader('x-cache') },
      'request',
    );
  });
  next();
});

app.use('/api', gatewayProxy(env.GATEWAY_URL, log));

app.get('/healthz', (_req, res) => {
  res.setHeader('Cache-Control', 'no-store');
  res.json({ status: 'ok', build: buildId, cache: redis ? (redis.status === 'ready' ? 'up' : 'down') : 'disabled' });
});

app.get('/robots.txt', (_req, res) => {
  res.type('text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.send(robotsTxt(env.PUBLIC_BASE_URL));
});

app.get('/sitemap.xml', async (_req, res, next) => {
  try {
    const first = await fetchIndex(null, 1);
    res.type('application/xml; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.send(sitemapIndexXml(env.PUBLIC_BASE_URL, sitemapPageCount(first.total)));
  } catch (error) {
    next(error);
  }
});

app.get(/^\/sitemaps\/laws-(\d{1,6})\.xml$/, async (req, res, next) => {
  try {
    const page = Number((req.params as Record<string, string>)['0']);
    const items = await sitemapPageItems(fetchIndex, page, { cursors: sitemapCursors });
    if (!items) {
      res.status(404).type('text/plain; charset=utf-8').send('Sidan finns inte.');
      return;
    }
    res.type('application/xml; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.send(sitemapUrlsetXml(env.PUBLIC_BASE_URL, items));
  } catch (error) {
    next(error);
  }
});

/** Passed to the Angular app as REQUEST_CONTEXT (core/forward-client-ip.ts). */
function ssrContext(req: express.Request): SsrRequestContext {
  return { clientIp: req.ip };
}

app.use(express.static(browserDistFolder, { maxAge: '1y', index: false, redirect: false }));

app.get(
  '/lagar/:sfs',
  lawPageHandler({
    gateway,
    cache: lawCache,
    render: (req) => angularApp.handle(req, ssrContext(req)),
    buildId,
    log,
  }),
);

app.use((req, res, next) => {
  angularApp
    .handle(req, ssrContext(req))
    .then((response) => (response ? writeResponseToNodeResponse(response, res) : next()))
    .catch(next);
});

// Express recognises error handlers by their four parameters.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  log.error({ err: error instanceof Error ? error.message : String(error), path: req.path }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(500).setHeader('Cache-Control', 'no-store');
  res
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="sv"><meta charset="utf-8"><title>Ett fel uppstod | Laglig</title>' +
        '<h1>Ett fel uppstod</h1><p>Sidan kunde inte visas just nu. Försök igen om en stund.</p><p><a href="/">Till startsidan</a></p></html>',
    );
};
app.use(errorHandler);

if (isMainModule(import.meta.url) || process.env['pm_id']) {
  connectCache();
  const server = app.listen(env.PORT, () => {
    log.info({ port: env.PORT, gateway: env.GATEWAY_URL, build: buildId }, `web listening on http://localhost:${env.PORT}`);
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close(() => {
      void redis?.quit().catch(() => undefined);
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Request handler used by the Angular CLI (dev-server and build). */
export const reqHandler = createNodeRequestHandler(app);
