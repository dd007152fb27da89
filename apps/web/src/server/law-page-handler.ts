import { normaliseSfs } from '@laglig/contracts';
import type { Request, RequestHandler, Response as ExpressResponse } from 'express';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { lawPath } from '../app/core/sfs-path';
import { etagMatches, lawPageEtag } from './etag';
import type { GatewayClient } from './gateway-client';
import { lookupLawVersion } from './gateway-client';
import type { LawHtmlCache } from './law-cache';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export const LAW_PAGE_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** Renders a request with Angular (AngularNodeAppEngine.handle). */
export type Render = (req: Request) => Promise<Response | null>;

export interface HandlerLogger {
  warn(obj: object, msg: string): void;
}

export interface LawPageHandlerDeps {
  gateway: GatewayClient;
  cache: LawHtmlCache | null;
  render: Render;
  buildId: string;
  log: HandlerLogger;
}

interface Rendered {
  status: number;
  headers: Array<[string, string]>;
  html: Buffer;
  gzipped: Buffer | null;
}

function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
}

/** Server-side rendering leaves this marker on the root element; a client-side fallback shell lacks it and is never cached. */
const SSR_MARKER = 'ng-server-context="ssr"';

async function send(req: Request, res: ExpressResponse, status: number, html: Buffer, gzipped: Buffer | null): Promise<void> {
  res.status(status);
  res.setHeader('Vary', 'Accept-Encoding');
  if (gzipped && acceptsGzip(req)) {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(gzipped.length));
    res.end(gzipped);
  } else {
    res.setHeader('Content-Length', String(html.length));
    res.end(html);
  }
}

/**
 * `GET /lagar/:sfs` in front of Angular: redirects to the canonical path,
 * answers 304 for the current version, serves the cached HTML of that version,
 * or renders once, stores and serves it. Anything unexpected (unknown statute,
 * gateway trouble) falls through to Angular, which renders the right error
 * page with its status and without caching.
 */
export function lawPageHandler(deps: LawPageHandlerDeps): RequestHandler {
  const inflight = new Map<string, Promise<Rendered | null>>();

  async function renderOnce(req: Request, key: string): Promise<Rendered | null> {
    const running = inflight.get(key);
    if (running) return running;
    const work = (async (): Promise<Rendered | null> => {
      const response = await deps.render(req);
      if (!response) return null;
      const html = Buffer.from(await response.text(), 'utf8');
      const headers: Array<[string, string]> = [];
      response.headers.forEach((value, name) => {
        if (name !== 'content-length') headers.push([name, value]);
      });
      const cacheable = response.status === 200 && html.includes(SSR_MARKER);
      return { status: response.status, headers, html, gzipped: cacheable ? await gzip(html) : null };
    })().finally(() => inflight.delete(key));
    inflight.set(key, work);
    return work;
  }

  return async (req, res, next) => {
    try {
      const sfs = normaliseSfs(String(req.params['sfs'] ?? ''));
      if (!sfs) return next();
      const canonical = lawPath(sfs);
      if (req.path !== canonical) {
        const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
        return res.redirect(301, `${canonical}${query}`);
      }

      const meta = await lookupLawVersion(deps.gateway, sfs, req.ip);
      if (meta.kind !== 'found') return next();

      const etag = lawPageEtag(meta.versionId, deps.buildId);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', LAW_PAGE_CACHE_CONTROL);
      res.setHeader('Vary', 'Accept-Encoding');
      if (etagMatches(req.headers['if-none-match'], etag)) {
        res.setHeader('X-Cache', 'HIT');
        res.status(304).end();
        return;
      }

      const cached = deps.cache ? await deps.cache.get(sfs, meta.versionId) : null;
      if (cached) {
        res.setHeader('X-Cache', 'HIT');
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        const html = acceptsGzip(req) ? Buffer.alloc(0) : await gunzip(cached);
        await send(req, res, 200, html, cached);
        return;
      }

      const rendered = await renderOnce(req, `${sfs}|${meta.versionId}`);
      if (!rendered) {
        res.removeHeader('ETag');
        res.removeHeader('Cache-Control');
        return next();
      }
      for (const [name, value] of rendered.headers) res.setHeader(name, value);
      res.setHeader('X-Cache', 'MISS');
      if (rendered.gzipped) {
        if (deps.cache) void deps.cache.set(sfs, meta.versionId, rendered.gzipped);
      } else {
        // Not a normal page (an error page, a client-side fallback): never let anyone cache it.
        res.removeHeader('ETag');
        res.setHeader('Cache-Control', 'no-store');
      }
      await send(req, res, rendered.status, rendered.html, rendered.gzipped);
    } catch (error) {
      deps.log.warn({ err: (error as Error).message, path: req.path }, 'law page handler failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.removeHeader('ETag');
      res.removeHeader('X-Cache');
      res.setHeader('Cache-Control', 'no-store');
      next(error);
    }
  };
}
