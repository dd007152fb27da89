import { type PipeTransform, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ErrorCode, refuse } from '@laglig/contracts';
import { ApiError } from './http-errors';

/** Validates query or path input at the edge with the contract's zod schema; 400 with the field messages. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new ApiError(
      refuse(ErrorCode.INVALID_INPUT, parsed.error.issues.map((i) => i.message).join('; '), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
    );
  }
}
