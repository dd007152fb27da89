import { allowedHosts, readWebEnv, trustedProxyHeaders } from './env';

describe('web env', () => {
  it('has working defaults', () => {
    const env = readWebEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.GATEWAY_URL).toBe('http://127.0.0.1:3000');
    expect(env.PUBLIC_BASE_URL).toBe('http://localhost:4000');
    expect(env.SSR_CACHE_ENABLED).toBe(true);
  });

  it('normalises URLs and collects allowed hosts', () => {
    const env = readWebEnv({ PUBLIC_BASE_URL: 'https://laglig.se/', GATEWAY_URL: 'http://gw:3000/', NG_ALLOWED_HOSTS: 'www.laglig.se, ' });
    expect(env.PUBLIC_BASE_URL).toBe('https://laglig.se');
    expect(env.GATEWAY_URL).toBe('http://gw:3000');
    expect(allowedHosts(env)).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', 'laglig.se', 'www.laglig.se']));
  });

  it('trusts only the forwarded headers it is told to', () => {
    expect(trustedProxyHeaders(readWebEnv({}))).toEqual(['x-forwarded-for', 'x-forwarded-proto']);
    expect(trustedProxyHeaders(readWebEnv({ NG_TRUST_PROXY_HEADERS: 'X-Forwarded-Host, x-forwarded-proto' }))).toEqual(['x-forwarded-host', 'x-forwarded-proto']);
  });

  it('refuses a malformed value, naming the variable', () => {
    expect(() => readWebEnv({ GATEWAY_URL: 'not a url' })).toThrow(/GATEWAY_URL/);
  });
});
