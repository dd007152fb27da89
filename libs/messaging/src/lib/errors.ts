import { ErrorCode } from '@laglig/contracts';

/**
 * Thrown by an event handler for a failure that retrying cannot fix (bad data,
 * a reference that will never exist). The job is failed without retries and
 * kept in the failed set for inspection.
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** Thrown by an RPC handler to answer with a typed failure instead of returning `refuse(...)`. */
export class RpcError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** A service declared handlers that do not match what its contracts require. */
export class ContractViolationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Messaging contract violated:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContractViolationError';
  }
}
