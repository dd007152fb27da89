import { randomUUID } from 'node:crypto';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loggerOptions, sanitiseCorrelationId } from '@laglig/observability';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * nestjs-pino with the project's logger options (redaction, service name,
 * correlation id). The request id is the correlation id: taken from a
 * well-formed incoming header, otherwise generated, and echoed back.
 */
@Module({})
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        // Async so LOG_LEVEL is read when the app starts, not when this file is imported.
        LoggerModule.forRootAsync({
          useFactory: () => ({
            // Express 5 / path-to-regexp 8 syntax (the default '*' logs a legacy-route warning).
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            pinoHttp: {
              ...loggerOptions(service),
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const id = sanitiseCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID();
                res.setHeader(CORRELATION_HEADER, id);
                return id;
              },
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/api/v1/health' },
              serializers: {
                req: (req: { method?: string; url?: string; id?: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
              },
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
