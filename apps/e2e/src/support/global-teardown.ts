/** Stops the stack (all process groups), drops its database and keys, then the template. Runs even when tests failed. */
// See global-setup.ts for why these are relative imports.
// eslint-disable-next-line @nx/enforce-module-boundaries
import '../../../../libs/testing/src/lib/register-paths';
// eslint-disable-next-line @nx/enforce-module-boundaries
import dropTemplate from '../../../../libs/testing/src/lib/global-teardown';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__LAGLIG_E2E_STACK__;
  globalThis.__LAGLIG_E2E_STACK__ = undefined;
  try {
    await stack?.stop();
  } finally {
    if (stack) await dropTemplate();
  }
}
