/**
 * Jest runs globalSetup/globalTeardown with its transform but without
 * moduleNameMapper, so the @laglig/* path aliases are registered for that
 * process here. Import this module first.
 */
import { join, resolve } from 'node:path';
import { register } from 'tsconfig-paths';

export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..', '..');

const { compilerOptions } = require(join(WORKSPACE_ROOT, 'tsconfig.base.json')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: WORKSPACE_ROOT, paths: compilerOptions.paths, addMatchAll: false });
