import { z } from 'zod';
import { loadConfig } from '@laglig/config';

const url = z.string().url();

/** Configuration of the SSR server, read once from the environment. */
export const WebEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** The API gateway, for SSR data and the /api proxy. */
  GATEWAY_URL: url.default('http://127.0.0.1:3000').transform((v) => v.replace(/\/+$/, '')),
  /** Public origin for canonical links, sitemaps and robots.txt. */
  PUBLIC_BASE_URL: url.default('http://localhost:4000').transform((v) => v.replace(/\/+$/, '')),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  /** Prefix of the rendered-page cache keys in Redis. */
  SSR_CACHE_PREFIX: z.string().min(1).default('laglig:ssr'),
  SSR_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** Set to "false" to render every request (the cache is also bypassed automatically when Redis is down). */
  SSR_CACHE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * Extra host names the SSR engine accepts (comma-separated; Angular's own
   * variable). localhost and the PUBLIC_BASE_URL host are always accepted.
   * Requests for other hosts get the client-side shell, which is never cached.
   */
  NG_ALLOWED_HOSTS: z.string().default(''),
  /**
   * X-Forwarded-* headers Angular may use to build the request URL (Angular's
   * own variable). A request carrying any other X-Forwarded-* header is
   * rendered client-side only, so list what your proxy/CDN sends.
   */
  NG_TRUST_PROXY_HEADERS: z.string().default('x-forwarded-for,x-forwarded-proto'),
  /** Timeout for the gateway calls made by server.ts itself (meta, sitemap). */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});
export type WebEnv = z.output<typeof WebEnvSchema>;

export function readWebEnv(env: NodeJS.ProcessEnv = process.env): WebEnv {
  return loadConfig(WebEnvSchema, env);
}

export function trustedProxyHeaders(env: WebEnv): string[] {
  return env.NG_TRUST_PROXY_HEADERS.split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** Host names accepted by the Angular engine's SSRF check. */
export function allowedHosts(env: WebEnv): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]', new URL(env.PUBLIC_BASE_URL).hostname]);
  for (const host of env.NG_ALLOWED_HOSTS.split(',')) if (host.trim()) hosts.add(host.trim());
  return [...hosts];
}
