import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import {
  complianceMethods,
  EmailSchema,
  LoginInputSchema,
  PasswordSchema,
  RegisterInputSchema,
  WorkspaceNameSchema,
  WorkspaceRoleSchema,
} from '@laglig/contracts';
import { loadConfig } from '@laglig/config';

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
