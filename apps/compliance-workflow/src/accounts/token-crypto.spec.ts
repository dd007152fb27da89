import { hashToken, newOpaqueToken, normaliseEmail, throttleKey } from './token-crypto';

describe('token crypto', () => {
  it('makes 256-bit base64url tokens that differ every time', () => {
    const a = newOpaqueToken();
    const b = newOpaqueToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('stores tokens as hex SHA-256 (a known vector), never the token itself', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = newOpaqueToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it('keys the login throttle by a secret HMAC of the normalised address', () => {
    const secret = 's'.repeat(32);
    expect(normaliseEmail('  Anna@Example.SE ')).toBe('anna@example.se');
    expect(throttleKey(secret, 'Anna@Example.se ')).toBe(throttleKey(secret, 'anna@example.se'));
    expect(throttleKey(secret, 'anna@example.se')).not.toBe(throttleKey(secret, 'bertil@example.se'));
    expect(throttleKey(secret, 'anna@example.se')).not.toBe(throttleKey('t'.repeat(32), 'anna@example.se'));
    expect(throttleKey(secret, 'anna@example.se')).not.toBe(hashToken('anna@example.se'));
  });
});
