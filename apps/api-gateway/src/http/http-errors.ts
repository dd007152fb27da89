import { HttpException } from '@nestjs/common';
import { ErrorCode, type Failure, type OperationResult } from '@laglig/contracts';
import { currentCorrelationId } from '@laglig/observability';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.INVALID_INPUT]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 504,
};

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
      ...(failure.details !== undefined && failure.code === ErrorCode.INVALID_INPUT ? { details: failure.details } : {}),
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
