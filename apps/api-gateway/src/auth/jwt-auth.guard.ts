import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ErrorCode, type Actor } from '@laglig/contracts';
import { ApiError } from '../http/http-errors';

/** Signed-in endpoints: a valid access token or 401 with the one Swedish message (no hint which check failed). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T = Actor>(err: unknown, user: T | false | null): T {
    if (err || !user) {
      throw new ApiError({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: 'Du behöver logga in igen.' });
    }
    return user;
  }
}

/** The verified caller (set by JwtAuthGuard). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const user = context.switchToHttp().getRequest<Request & { user?: Actor }>().user;
  if (!user) throw new ApiError({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: 'Du behöver logga in igen.' });
  return { userId: user.userId };
});
