/** How the global setup tells the spec files where the stack runs. */
export const STACK_ENV = {
  web: 'E2E_WEB_URL',
  gateway: 'E2E_GATEWAY_URL',
  redis: 'E2E_REDIS_URL',
  ssrPrefix: 'E2E_SSR_CACHE_PREFIX',
  logDir: 'E2E_LOG_DIR',
  database: 'E2E_DATABASE_URL',
  riksdagenControl: 'E2E_RIKSDAGEN_CONTROL_URL',
  adminToken: 'E2E_ADMIN_TOKEN',
} as const;

export interface StackUrls {
  web: string;
  gateway: string;
  redis: string;
  ssrPrefix: string;
}

/** URLs of the running stack; throws if the global setup did not start it. */
export function stackUrls(): StackUrls {
  const web = process.env[STACK_ENV.web];
  const gateway = process.env[STACK_ENV.gateway];
  if (!web || !gateway) {
    throw new Error('The e2e stack is not running (E2E_SKIP_STACK=1?). Run the e2e tier without E2E_SKIP_STACK.');
  }
  return {
    web,
    gateway,
    redis: process.env[STACK_ENV.redis] ?? 'redis://127.0.0.1:6379',
    ssrPrefix: process.env[STACK_ENV.ssrPrefix] ?? 'laglig:ssr',
  };
}
