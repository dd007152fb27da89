import { HttpException } from '@nestjs/common';
import { ErrorCode, type Failure, type OperationResult } from '@laglig/contracts';
import { currentCorrelationId } from '@laglig/observability';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.INVALID_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 504,
};

const DETAILED = new Set<ErrorCode>([ErrorCode.INVALID_INPUT, ErrorCode.CONFLICT, ErrorCode.RATE_LIMITED]);

/** The one error body every API error has. `message` is Swedish and safe to show. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

export class ApiError extends HttpException {
  constructor(failure: Failure) {
    const status = STATUS_BY_CODE[failure.code] ?? 500;
    const body: ApiErrorBody = {
      statusCode: status,
      code: failure.code,
      message: failure.message,
      // Field errors (400), the current state after a stale edit (409) and retry hints (429) help the client.
      ...(failure.details !== undefined && DETAILED.has(failure.code) ? { details: failure.details } : {}),
      ...(currentCorrelationId() ? { correlationId: currentCorrelationId() } : {}),
    };
    super(body, status);
  }
}

/** Unwraps a service result or throws the mapped HTTP error. */
export function unwrap<T>(result: OperationResult<T>): T {
  if (!result.ok) throw new ApiError(result);
  return result.value;
}
