import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { newCorrelationId, runWithContext } from '@laglig/observability';

/**
 * Runs the rest of the request inside the correlation context, so every log
 * line and every job the request sends carries the id pino-http assigned
 * (taken from a well-formed X-Correlation-Id header, or generated).
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const id = (req as Request & { id?: unknown }).id;
    runWithContext({ correlationId: typeof id === 'string' ? id : newCorrelationId() }, next);
  }
}
