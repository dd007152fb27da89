import pino, { type Logger, type LoggerOptions } from 'pino';
import { currentCorrelationId } from './context';

/**
 * Paths never written to logs: credentials, tokens, personal numbers and
 * users' free-text questions. Applies to every logger made here and to
 * nestjs-pino's request logging (same options).
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'personnummer',
  '*.personnummer',
  'question',
  '*.question',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function loggerOptions(service: string, level = process.env['LOG_LEVEL'] ?? 'info'): LoggerOptions {
  const pretty = process.env['NODE_ENV'] === 'development' && process.stdout.isTTY;
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
  };
}

export function createLogger(service: string, level?: string): Logger {
  return pino(loggerOptions(service, level));
}

export type { Logger };
