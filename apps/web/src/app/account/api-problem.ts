/**
 * An API error as the dashboard shows it. The gateway answers every error with
 * `{ statusCode, code, message, details?, correlationId }`; `message` is
 * Swedish and safe to show. Field errors (400 `details.issues`) are keyed by
 * the last segment of their path ("profile.orgNumber" → "orgNumber").
 */
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  fieldErrors: Record<string, string>;
  retryAfterSeconds?: number;
  correlationId?: string;
}

export const PROBLEM_MESSAGES = {
  network: 'Det gick inte att nå Laglig. Kontrollera anslutningen och försök igen.',
  unauthenticated: 'Du är inte inloggad längre. Logga in igen.',
  forbidden: 'Du har inte behörighet att göra det här.',
  notFound: 'Det du letar efter finns inte, eller så har du inte tillgång till det.',
  conflict: 'Någon annan har ändrat det här under tiden. Ladda om och försök igen.',
  rateLimited: 'För många försök. Vänta en stund och försök igen.',
  invalid: 'Kontrollera uppgifterna och försök igen.',
  server: 'Något gick fel. Försök igen om en stund.',
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fallbackMessage(status: number): { code: string; message: string } {
  if (status === 0) return { code: 'NETWORK', message: PROBLEM_MESSAGES.network };
  if (status === 400 || status === 422) return { code: 'INVALID_INPUT', message: PROBLEM_MESSAGES.invalid };
  if (status === 401) return { code: 'UNAUTHENTICATED', message: PROBLEM_MESSAGES.unauthenticated };
  if (status === 403) return { code: 'FORBIDDEN', message: PROBLEM_MESSAGES.forbidden };
  if (status === 404) return { code: 'NOT_FOUND', message: PROBLEM_MESSAGES.notFound };
  if (status === 409) return { code: 'CONFLICT', message: PROBLEM_MESSAGES.conflict };
  if (status === 429) return { code: 'RATE_LIMITED', message: PROBLEM_MESSAGES.rateLimited };
  return { code: 'INTERNAL', message: PROBLEM_MESSAGES.server };
}

/** Field errors from `details.issues: [{ path, message }]` (the gateway's zod validation) or `details.fields: { name: message }`. */
export function fieldErrorsOf(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(details)) return out;
  const issues = details['issues'];
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      if (!isRecord(issue) || typeof issue['message'] !== 'string') continue;
      const rawPath = issue['path'];
      const path = Array.isArray(rawPath) ? rawPath.map(String).join('.') : typeof rawPath === 'string' ? rawPath : '';
      const segments = path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
      const key = segments.length > 0 ? segments[segments.length - 1] : '';
      if (key && !(key in out)) out[key] = issue['message'];
    }
  }
  const fields = details['fields'];
  if (isRecord(fields)) {
    for (const [key, message] of Object.entries(fields)) if (typeof message === 'string' && !(key in out)) out[key] = message;
  }
  const field = details['field'];
  if (typeof field === 'string' && typeof details['message'] === 'string' && !(field in out)) out[field] = details['message'];
  return out;
}

/** Builds a problem from the status and the (parsed) error body of a response. */
export function problemFrom(status: number, body: unknown): ApiProblem {
  const fallback = fallbackMessage(status);
  const record = isRecord(body) ? body : {};
  const given = typeof record['message'] === 'string' ? record['message'].trim() : '';
  const message = given && given.length <= 500 ? given : fallback.message;
  const code = typeof record['code'] === 'string' ? record['code'] : fallback.code;
  const problem: ApiProblem = { status, code, message, fieldErrors: fieldErrorsOf(record['details']) };
  if (record['details'] !== undefined) problem.details = record['details'];
  if (typeof record['correlationId'] === 'string') problem.correlationId = record['correlationId'];
  const details = record['details'];
  if (isRecord(details) && typeof details['retryAfterSeconds'] === 'number') problem.retryAfterSeconds = details['retryAfterSeconds'];
  return problem;
}

/** Any thrown value (HttpErrorResponse, a problem already, a network failure) as a problem. */
export function toProblem(error: unknown): ApiProblem {
  if (isProblem(error)) return error;
  if (isHttpErrorResponse(error)) {
    let body: unknown = error.error;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        body = null;
      }
    }
    return problemFrom(error.status, body);
  }
  return problemFrom(0, null);
}

/** Angular's HttpErrorResponse, recognised by shape (this file stays free of Angular for its tests). */
function isHttpErrorResponse(value: unknown): value is { status: number; error: unknown } {
  return isRecord(value) && value['name'] === 'HttpErrorResponse' && typeof value['status'] === 'number';
}

export function isProblem(value: unknown): value is ApiProblem {
  return isRecord(value) && typeof value['status'] === 'number' && typeof value['message'] === 'string' && isRecord(value['fieldErrors']);
}

/** "om 30 sekunder", "om 2 minuter". */
export function retryAfterText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `om ${s} ${s === 1 ? 'sekund' : 'sekunder'}`;
  return `om ${Math.ceil(s / 60)} minuter`;
}

/** The message to show, with the wait time of a 429 when the server gave one. */
export function problemText(problem: ApiProblem): string {
  if (problem.status === 429 && problem.retryAfterSeconds !== undefined) {
    return `${problem.message} Försök igen ${retryAfterText(problem.retryAfterSeconds)}.`;
  }
  return problem.message;
}
