import type { MethodName, MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';

type Cw = 'compliance-workflow';
/** A compliance-workflow method's validated input. */
export type In<M extends MethodName<Cw>> = MethodParsedInput<Cw, M>;
/** A compliance-workflow method's result. */
export type Out<M extends MethodName<Cw>> = Promise<OperationResult<MethodOutput<Cw, M>>>;
