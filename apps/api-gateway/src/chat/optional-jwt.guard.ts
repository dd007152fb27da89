import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ErrorCode, type Actor } from '@laglig/contracts';
import { ApiError } from '../http/http-errors';

/**
 * Optional sign-in (the chat): no Authorization header = anonymous; a header
 * is verified exactly like JwtAuthGuard does (passport-jwt, HS256, issuer,
 * audience, expiry) and anything but a valid access token is 401 — a client
 * that sends a stale token learns it must refresh instead of silently losing
 * its history.
 */
@Injectable()
export class OptionalJwtAuthGuard extends AuthGuard('jwt') {
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.headers.authorization === undefined) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = Actor>(err: unknown, user: T | false | null): T {
    if (err || !user) {
      throw new ApiError({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: 'Du behöver logga in igen.' });
    }
    return user;
  }
}

/** The verified caller, or null for an anonymous request (with OptionalJwtAuthGuard). */
export const OptionalActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor | null => {
  const user = context.switchToHttp().getRequest<Request & { user?: Actor }>().user;
  return user ? { userId: user.userId } : null;
});
