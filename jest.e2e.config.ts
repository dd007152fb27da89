/**
 * End-to-end tier: the built services and the web app started as processes
 * (apps/e2e/src/support/stack.ts), driven over HTTP and in Chromium.
 *
 *   npx nx run-many -t build && npx jest -c jest.e2e.config.ts
 *   (or `npx nx e2e e2e`, which builds first)
 *
 * Nothing is built here: a missing dist/ fails the setup with a message.
 */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('./jest.preset.js') as Config;

const config: Config = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/apps/e2e/src/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Jest's own resolver: the Nx one looks for a tsconfig.spec.json at the workspace root
  // (rootDir here) and complains; @laglig/* paths come from the preset's moduleNameMapper.
  resolver: undefined,
  globalSetup: '<rootDir>/apps/e2e/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/apps/e2e/src/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120_000,
  slowTestThreshold: 30,
};

export default config;
