import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { currentCorrelationId } from '@laglig/observability';
import type { ApiErrorBody } from './http-errors';

const GENERIC = {
  400: { code: 'INVALID_INPUT', message: 'Ogiltig begäran.' },
  404: { code: 'NOT_FOUND', message: 'Resursen finns inte.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Metoden stöds inte för den här resursen.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Begäran är för stor.' },
  429: { code: 'RATE_LIMITED', message: 'För många förfrågningar. Vänta en stund och försök igen.' },
  500: { code: 'INTERNAL', message: 'Ett internt fel inträffade. Försök igen senare.' },
} satisfies Record<number, { code: string; message: string }>;
type GenericStatus = keyof typeof GENERIC;
const isGeneric = (status: number): status is GenericStatus => status in GENERIC;

/**
 * Every error leaves the gateway in one JSON shape with a Swedish message and
 * the correlation id; stack traces and internal messages stay in the log.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const correlationId = currentCorrelationId();
    let body: ApiErrorBody;
    if (exception instanceof ThrottlerException) {
      body = { statusCode: 429, ...GENERIC[429] };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) {
        body = response as ApiErrorBody;
      } else {
        const generic = isGeneric(status) ? GENERIC[status] : status >= 500 ? GENERIC[500] : GENERIC[400];
        body = { statusCode: status, ...generic };
      }
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      body = { statusCode: 500, ...GENERIC[500] };
    }
    if (correlationId) body = { ...body, correlationId };
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}
