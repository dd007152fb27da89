/**
 * Where to go after logging in (`/logga-in?till=…`). Only a path on this site
 * is accepted — never another origin ("//evil.example", "/\\evil", "https://…")
 * — so the parameter cannot be used for an open redirect.
 */
export function safeReturnUrl(value: string | null | undefined, fallback = '/app'): string {
  if (!value) return fallback;
  const v = value.trim();
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return fallback;
  // Control characters and backslashes are never part of our URLs.
  for (const ch of v) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || ch === '\\') return fallback;
  }
  // The login pages themselves are no destination.
  if (/^\/(logga-in|registrera)(?:[/?#]|$)/.test(v)) return fallback;
  return v;
}

/** The login page that returns to `url` afterwards. */
export function loginUrl(url: string): string {
  const target = safeReturnUrl(url, '');
  return target ? `/logga-in?till=${encodeURIComponent(target)}` : '/logga-in';
}
