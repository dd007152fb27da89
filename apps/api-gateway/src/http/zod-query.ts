import { type PipeTransform, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ErrorCode, refuse } from '@laglig/contracts';
import { ApiError } from './http-errors';

/** Swedish messages for the generic issues (the contracts' schemas carry their own for formats, and those win). */
const swedish: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Fältet saknas.' : 'Fel typ av värde.';
    case 'unrecognized_keys':
      return `Okänt fält: ${issue.keys.join(', ')}.`;
    case 'too_small':
      return issue.origin === 'string' ? `Minst ${String(issue.minimum)} tecken.` : `Värdet är för litet (minst ${String(issue.minimum)}).`;
    case 'too_big':
      return issue.origin === 'string' ? `Högst ${String(issue.maximum)} tecken.` : `Värdet är för stort (högst ${String(issue.maximum)}).`;
    case 'invalid_value':
      return `Ogiltigt värde; tillåtna: ${issue.values.map(String).join(', ')}.`;
    default:
      return 'Ogiltigt värde.';
  }
};

/**
 * Validates a body, query or path parameter at the edge with the contract's
 * zod schema; 400 with the Swedish field messages (`details.issues` names the
 * fields). A missing body counts as `{}`.
 */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value ?? {}, { error: swedish });
    if (parsed.success) return parsed.data;
    throw new ApiError(
      refuse(ErrorCode.INVALID_INPUT, parsed.error.issues.map((i) => i.message).join('; '), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
    );
  }
}

/** An id in a path (`:workspaceId`, `:cardId`, …). */
export const UuidParam = z.string().uuid({ error: 'Ogiltigt id (förväntade ett UUID).' });

/**
 * A request body built from a contract's input shape (without what the
 * gateway supplies itself: the actor from the token, ids from the path);
 * unknown fields are refused, so a client cannot smuggle in an `actor`.
 */
export const strictBody = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Okänt fält: ${issue.keys.join(', ')}.` : 'Skicka en JSON-kropp.') }).strict();
