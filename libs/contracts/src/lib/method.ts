import type { z } from 'zod';

/** A request/reply method: the input it validates and the output it returns. */
export interface MethodContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodContract<I, O> => ({ input, output });
