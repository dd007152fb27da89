/**
 * Jest globalSetup of the e2e tier: migrates the template database (the
 * integration tier's setup), then starts the real stack once for all spec
 * files and hands its URLs to the test workers through the environment.
 *
 * E2E_SKIP_STACK=1 skips the stack (only for working on the web-only specs;
 * specs that need the stack then fail with a message saying so).
 */
// Jest runs global setup without moduleNameMapper: register the @laglig/* paths first,
// and reuse the integration tier's template migration (not part of the lib's public index).
// eslint-disable-next-line @nx/enforce-module-boundaries
import '../../../../libs/testing/src/lib/register-paths';
// eslint-disable-next-line @nx/enforce-module-boundaries
import migrateTemplate from '../../../../libs/testing/src/lib/global-setup';
// eslint-disable-next-line @nx/enforce-module-boundaries
import dropTemplate from '../../../../libs/testing/src/lib/global-teardown';
import { resolve } from 'node:path';
import { startStack, type Stack } from './stack';
import { STACK_ENV } from './env';

interface JestConfigLike {
  rootDir: string;
}

declare global {
  var __LAGLIG_E2E_STACK__: Stack | undefined;
}

export default async function globalSetup(config: JestConfigLike): Promise<void> {
  process.env['TZ'] = 'UTC';
  if (process.env['E2E_SKIP_STACK'] === '1') {
    console.log('\ne2e: E2E_SKIP_STACK=1, the real stack is not started');
    return;
  }
  const root = resolve(config.rootDir);
  await migrateTemplate({ rootDir: root });
  let stack: Stack;
  try {
    stack = await startStack({ root, progress: (line) => console.log(line) });
  } catch (error) {
    // Jest skips the global teardown when the setup fails: drop the template here.
    await dropTemplate().catch(() => undefined);
    throw error;
  }
  globalThis.__LAGLIG_E2E_STACK__ = stack;
  process.env[STACK_ENV.web] = stack.webUrl;
  process.env[STACK_ENV.gateway] = stack.gatewayUrl;
  process.env[STACK_ENV.redis] = stack.redisUrl;
  process.env[STACK_ENV.ssrPrefix] = stack.ssrCachePrefix;
  process.env[STACK_ENV.logDir] = stack.logDir;
  process.env[STACK_ENV.database] = stack.databaseUrl;
  process.env[STACK_ENV.riksdagenControl] = stack.riksdagenControlUrl;
  process.env[STACK_ENV.adminToken] = stack.adminToken;
}
