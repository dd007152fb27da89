import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorCode } from '@laglig/contracts';
import { ApiError } from '../http/http-errors';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * The platform operator's endpoints (`/api/v1/admin/*`) until accounts with a
 * platform-admin role exist: a bearer token from ADMIN_API_TOKEN (at least 32
 * characters), compared in constant time. Without the variable the admin
 * endpoints do not exist (404), so a deployment never has a default password.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const token = process.env['ADMIN_API_TOKEN'];
    if (!token || token.length < 32) throw new ApiError({ ok: false, code: ErrorCode.NOT_FOUND, message: 'Resursen finns inte.' });
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      throw new ApiError({ ok: false, code: ErrorCode.FORBIDDEN, message: 'Åtkomst nekad.' });
    }
    return true;
  }
}
