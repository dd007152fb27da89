import { z } from 'zod';

/**
 * Expected outcomes travel as values, not exceptions (seed rule: services
 * return an OperationResult). The gateway maps each code to an HTTP status.
 */
export const ErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  /** No valid credentials (wrong password, expired or tampered token). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  /** Too many attempts (login lockout); details may carry { retryAfterSeconds }. */
  RATE_LIMITED: 'RATE_LIMITED',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export interface Failure {
  ok: false;
  code: ErrorCode;
  /** Safe for end users (Swedish where shown in the UI); never a stack trace. */
  message: string;
  details?: unknown;
}
export interface Success<T> {
  ok: true;
  value: T;
}
export type OperationResult<T> = Success<T> | Failure;

export const succeed = <T>(value: T): Success<T> => ({ ok: true, value });
export const refuse = (code: ErrorCode, message: string, details?: unknown): Failure =>
  details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };

export const FailureSchema = z.object({
  ok: z.literal(false),
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
