import { loginUrl, safeReturnUrl } from './safe-return';

describe('safeReturnUrl', () => {
  it('accepts paths on this site', () => {
    expect(safeReturnUrl('/app/123/tavla')).toBe('/app/123/tavla');
    expect(safeReturnUrl('/inbjudan?token=abc')).toBe('/inbjudan?token=abc');
  });

  it('refuses other origins and odd forms, falling back to /app', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'app', '/app\n', '', null, undefined]) {
      expect(safeReturnUrl(bad)).toBe('/app');
    }
  });

  it('never returns to the login or registration page', () => {
    expect(safeReturnUrl('/logga-in?till=/app')).toBe('/app');
    expect(safeReturnUrl('/registrera')).toBe('/app');
  });

  it('builds the login URL with the page to return to', () => {
    expect(loginUrl('/app/ws-1/laglista?status=DELVIS')).toBe('/logga-in?till=%2Fapp%2Fws-1%2Flaglista%3Fstatus%3DDELVIS');
    expect(loginUrl('//evil.example')).toBe('/logga-in');
  });
});
