/**
 * Integration tier: *.int-spec.ts against the real PostgreSQL and Redis.
 *
 *   npx jest -c jest.int.config.ts [pattern]
 *
 * The global setup migrates one template database per run (every service's
 * migrations, discovered from apps/*\/src/data-source.ts); each test file
 * copies it with createTestDatabase() and uses its own Redis key prefix
 * (testRedisPrefix()).
 */
import type { Config } from 'jest';
const preset = require('./jest.preset.js') as Config;

const config: Config = {
  ...preset,
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Nx's resolver looks for a tsconfig.spec.json in rootDir (the workspace root has none);
  // the preset's moduleNameMapper already maps the @laglig/* paths.
  resolver: undefined,
  globalSetup: '<rootDir>/libs/testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/lib/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30_000,
};

export default config;
