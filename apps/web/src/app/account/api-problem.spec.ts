import { needsToken } from './api-paths';
import { PROBLEM_MESSAGES, problemFrom, problemText, toProblem } from './api-problem';

describe('problemFrom / toProblem', () => {
  it('keeps the gateway message, code, details and field errors', () => {
    const problem = problemFrom(400, {
      statusCode: 400,
      code: 'INVALID_INPUT',
      message: 'Organisationsnumret är ogiltigt',
      details: { issues: [{ path: 'profile.orgNumber', message: 'Kontrollsiffran stämmer inte' }, { path: ['profile', 'sniCodes', 0], message: 'Okänd SNI-kod' }] },
      correlationId: 'c-1',
    });
    expect(problem).toMatchObject({ status: 400, code: 'INVALID_INPUT', message: 'Organisationsnumret är ogiltigt', correlationId: 'c-1' });
    expect(problem.fieldErrors).toEqual({ orgNumber: 'Kontrollsiffran stämmer inte', sniCodes: 'Okänd SNI-kod' });
  });

  it('gives a Swedish message when the body has none, and the wait of a 429', () => {
    expect(problemFrom(0, null).message).toBe(PROBLEM_MESSAGES.network);
    expect(problemFrom(502, '<html>').message).toBe(PROBLEM_MESSAGES.server);
    const limited = problemFrom(429, { code: 'RATE_LIMITED', message: 'För många inloggningsförsök.', details: { retryAfterSeconds: 30 } });
    expect(problemText(limited)).toBe('För många inloggningsförsök. Försök igen om 30 sekunder.');
  });

  it('reads an HttpErrorResponse-shaped error, also with a JSON string body', () => {
    const problem = toProblem({ name: 'HttpErrorResponse', status: 409, error: JSON.stringify({ code: 'CONFLICT', message: 'Någon annan har ändrat kortet.', details: { current: { id: 'x' } } }) });
    expect(problem).toMatchObject({ status: 409, code: 'CONFLICT', message: 'Någon annan har ändrat kortet.', details: { current: { id: 'x' } } });
    expect(toProblem(new TypeError('Failed to fetch')).message).toBe(PROBLEM_MESSAGES.network);
  });
});

describe('needsToken', () => {
  it('adds the token to API calls except the public auth calls', () => {
    expect(needsToken('/api/v1/workspaces', '')).toBe(true);
    expect(needsToken('/api/v1/auth/me', '')).toBe(true);
    expect(needsToken('/api/v1/auth/login', '')).toBe(false);
    expect(needsToken('/api/v1/auth/refresh', '')).toBe(false);
    expect(needsToken('/api/v1/auth/password-reset/confirm', '')).toBe(false);
    expect(needsToken('http://gw:3000/api/v1/laws/1977:1160', 'http://gw:3000')).toBe(true);
    expect(needsToken('https://other.example/api/v1/workspaces', '')).toBe(false);
    expect(needsToken('/assets/logo.svg', '')).toBe(false);
  });
});
