import { verify } from 'jsonwebtoken';
import { AccessTokenClaimsSchema } from '@laglig/contracts';
import { ACCESS_TOKEN_VERIFY } from './jwt.strategy';

interface TrackedRequest {
  headers?: Record<string, string | string[] | undefined>;
  ip?: string;
  ips?: string[];
}

/**
 * Whom a request counts against in the rate limits: a signed-in user
 * (a valid access token: signature, issuer, audience, expiry) by user id,
 * anyone else by address (the first forwarded address behind the trusted
 * proxy, as the throttler's default does). A company's office behind one
 * NAT address is many users, each with their own chat budget; a forged or
 * expired token buys nothing — it is counted by address, and the route still
 * answers 401.
 */
export function rateLimitTracker(secret: string): (req: TrackedRequest) => Promise<string> {
  return async (req) => {
    const header = req.headers?.['authorization'];
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (bearer) {
      try {
        const claims = AccessTokenClaimsSchema.safeParse(verify(bearer, secret, ACCESS_TOKEN_VERIFY));
        if (claims.success) return `user:${claims.data.sub}`;
      } catch {
        // Not a valid token: counted by address below.
      }
    }
    return req.ips?.length ? (req.ips[0] as string) : (req.ip ?? 'unknown');
  };
}
