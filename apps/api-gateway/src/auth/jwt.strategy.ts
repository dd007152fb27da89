import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Algorithm } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { z } from 'zod';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, AccessTokenClaimsSchema, type Actor } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';

export const JwtEnv = z.object({
  /** HMAC key shared with compliance-workflow (which signs); at least 32 characters. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
});

/** How an access token is checked, here and by the rate limiter's tracker (auth/rate-limit-tracker.ts). */
export const ACCESS_TOKEN_VERIFY: { algorithms: Algorithm[]; issuer: string; audience: string } = { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };

/**
 * Verifies the access token on every signed-in request (passport-jwt): HS256
 * only (an `alg: none` or RS256 token is rejected), issuer and audience
 * checked, expiry enforced. The token's subject becomes the request's actor.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: loadConfig(JwtEnv).JWT_SECRET,
      ...ACCESS_TOKEN_VERIFY,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Actor | false {
    const claims = AccessTokenClaimsSchema.safeParse(payload);
    return claims.success ? { userId: claims.data.sub } : false;
  }
}
