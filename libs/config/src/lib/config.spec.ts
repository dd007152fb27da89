import { z } from 'zod';
import { BaseConfigSchema, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(BaseConfigSchema, {});
    expect(config).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: '{laglig}', RPC_TIMEOUT_MS: 5000 });
  });

  it('names every invalid variable', () => {
    let error: unknown;
    try {
      loadConfig(BaseConfigSchema.extend({ PORT: z.coerce.number().int() }), {
        DATABASE_URL: 'not a url',
        RPC_TIMEOUT_MS: '-5',
        PORT: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/^DATABASE_URL:/m);
    expect(issues).toMatch(/^RPC_TIMEOUT_MS:/m);
    expect(issues).toMatch(/^PORT:/m);
  });
});
