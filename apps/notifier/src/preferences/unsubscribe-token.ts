import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a link turns off: one list of one workspace, or every law-change mail. */
export type UnsubscribeScope = { kind: 'all' } | { kind: 'list'; workspaceId: string; listId: string; listName: string };

export interface UnsubscribeClaims {
  userId: string;
  scope: UnsubscribeScope;
  /** Epoch seconds. */
  issuedAt: number;
}

const Payload = z.union([
  z.object({ v: z.literal(1), u: z.uuid(), s: z.literal('all'), i: z.number().int().nonnegative() }).strict(),
  z.object({ v: z.literal(1), u: z.uuid(), s: z.literal('list'), w: z.uuid(), l: z.uuid(), n: z.string().max(200), i: z.number().int().nonnegative() }).strict(),
]);

const mac = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(`laglig-unsubscribe.${payload}`).digest();

/**
 * `<payload>.<mac>`, both base64url: the payload names the user, the scope
 * (a list with its name for the confirmation, or all) and when it was issued;
 * the MAC is HMAC-SHA256 over it with UNSUBSCRIBE_SECRET. The links do not
 * expire (a mail read months later still unsubscribes); rotating the secret
 * invalidates every link sent before.
 */
export function signUnsubscribeToken(secret: string, claims: UnsubscribeClaims): string {
  const { userId, scope, issuedAt } = claims;
  const body =
    scope.kind === 'all'
      ? { v: 1, u: userId, s: 'all', i: issuedAt }
      : { v: 1, u: userId, s: 'list', w: scope.workspaceId, l: scope.listId, n: scope.listName.slice(0, 200), i: issuedAt };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a token whose MAC matches (compared in constant time), else null. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaims | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) return null;
  const p = parsed.data;
  return {
    userId: p.u,
    issuedAt: p.i,
    scope: p.s === 'all' ? { kind: 'all' } : { kind: 'list', workspaceId: p.w, listId: p.l, listName: p.n },
  };
}
