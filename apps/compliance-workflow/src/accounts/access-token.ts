import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '@laglig/contracts';
import { ACCOUNTS_CONFIG, type AccountsConfig } from './accounts.config';

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

/**
 * Short-lived access tokens: HS256 JWTs with the claims of
 * AccessTokenClaimsSchema (sub = user id, typ 'access', iat, exp) plus iss and
 * aud, which the gateway checks (passport-jwt, HS256 only).
 */
@Injectable()
export class AccessTokenSigner {
  constructor(@Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig) {}

  sign(userId: string, now = new Date()): SignedAccessToken {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.ACCESS_TOKEN_TTL_SECONDS;
    const token = jwt.sign({ typ: 'access', iat, exp }, this.config.JWT_SECRET, {
      algorithm: JWT_ALGORITHM,
      subject: userId,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }
}
