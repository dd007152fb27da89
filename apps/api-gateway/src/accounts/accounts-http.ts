import { Injectable, type PipeTransform } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import {
  complianceMethods,
  EmailSchema,
  ErrorCode,
  LoginInputSchema,
  PasswordSchema,
  refuse,
  RegisterInputSchema,
  WorkspaceNameSchema,
  WorkspaceRoleSchema,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { ApiError } from '../http/http-errors';

/*
 * Request bodies of the accounts endpoints: the contract's schemas without
 * what the gateway adds itself (the actor from the token, the workspace from
 * the path, the client's address and user agent from the request).
 */
export const RegisterBody = RegisterInputSchema.omit({ userAgent: true, ip: true });
export const LoginBody = LoginInputSchema.omit({ userAgent: true, ip: true });
/** Cookie clients send nothing; `X-Token-Delivery: body` clients send the token here. */
export const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200).optional() }).strict();
export const VerifyEmailBody = complianceMethods['auth.verify-email'].input;
export const PasswordResetBody = z.object({ email: EmailSchema }).strict();
export const PasswordResetConfirmBody = z.object({ token: z.string().min(20).max(200), password: PasswordSchema }).strict();
export const WorkspaceNameBody = z.object({ name: WorkspaceNameSchema }).strict();
export const MemberRoleBody = z.object({ role: WorkspaceRoleSchema }).strict();
export const InvitationBody = z.object({ email: EmailSchema, role: WorkspaceRoleSchema }).strict();
export const AcceptInvitationBody = z.object({ token: z.string().min(20).max(200) }).strict();
export const AdminWorkspacesQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ message: 'limit måste vara ett heltal' }).int().min(1).max(500).default(100),
  })
  .strict();
export const UuidParam = z.string().uuid({ message: 'Ogiltigt id (förväntade ett UUID).' });

/** Swedish messages for the generic issues (the contract's schemas carry their own for formats). */
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

/** Validates a body, path parameter or query with a zod schema; 400 INVALID_INPUT with the field messages. */
@Injectable()
export class ValidatePipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value ?? {}, { error: swedish });
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ApiError(
      refuse(ErrorCode.INVALID_INPUT, issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' '), { issues }),
    );
  }
}

const AuthThrottleEnv = z.object({
  /** Requests per client IP and minute to each of register, login and password reset. */
  AUTH_THROTTLE_LIMIT: z.coerce.number().int().positive().default(10),
});
/** Read when the guard runs (like the chat limit), so the running process's environment decides. */
export const authThrottleLimit = (): number => loadConfig(AuthThrottleEnv).AUTH_THROTTLE_LIMIT;
export const AUTH_THROTTLE = { default: { limit: authThrottleLimit, ttl: 60_000 } };

/** A JSON schema for the OpenAPI document, from the same zod schema the endpoint validates with. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io }) as Record<string, unknown>;
  delete json['$schema'];
  return json as SchemaObject;
}
