/**
 * Links into the web app. `base` is WEB_BASE_URL: an origin, optionally with a
 * path prefix (https://example.se/laglig); `path` is absolute within the app.
 * Query values are percent-encoded, so a token can never break out of its parameter.
 */
export function appLink(base: string, path: string, query: Record<string, string> = {}): string {
  if (!path.startsWith('/')) throw new Error(`app path must start with "/" (got ${path})`);
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export const links = {
  verifyEmail: (base: string, token: string) => appLink(base, '/verifiera-epost', { token }),
  resetPassword: (base: string, token: string) => appLink(base, '/aterstall-losenord', { token }),
  invitation: (base: string, token: string) => appLink(base, '/inbjudan', { token }),
  board: (base: string, workspaceId: string) => appLink(base, `/app/${encodeURIComponent(workspaceId)}/tavla`),
};
