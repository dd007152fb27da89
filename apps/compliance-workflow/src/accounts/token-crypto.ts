import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Opaque secrets (refresh tokens, e-mail links, invitations): 32 random bytes
 * as base64url (43 characters, 256 bits). Only the SHA-256 is stored, so a
 * leaked table does not yield usable tokens; a plain hash is enough because
 * the input has full entropy (no salt or slow hash needed).
 */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hex SHA-256 of a token, as stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The e-mail as accounts compare it (what EmailSchema produces). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The login throttle's key for an address: an HMAC keyed with a value derived
 * from the service secret, so the table holds no addresses and cannot be
 * reversed with a list of likely addresses without the secret.
 */
export function throttleKey(secret: string, email: string): string {
  return createHmac('sha256', `login-throttle:${secret}`).update(normaliseEmail(email), 'utf8').digest('hex');
}
