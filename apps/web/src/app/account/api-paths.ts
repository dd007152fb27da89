/** Calls that authenticate with something else than the access token (password, cookie, e-mailed token). */
const PUBLIC_AUTH = /^\/api\/v1\/auth\/(login|register|refresh|logout|verify-email|password-reset)(?:[/?]|$)/;

/** The API path of a request to this app's API (`/api/v1/...`), or null for anything else. */
export function apiPath(url: string, base: string): string | null {
  const rest = base && url.startsWith(base) ? url.slice(base.length) : url;
  return rest.startsWith('/api/v1/') ? rest : null;
}

/** Whether the request should carry the bearer token: every `/api/v1` call except the public auth ones. */
export function needsToken(url: string, base: string): boolean {
  const path = apiPath(url, base);
  return path !== null && !PUBLIC_AUTH.test(path);
}
