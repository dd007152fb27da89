/* Integration test of the corpus loader against the real PostgreSQL: npx jest -c scripts/bench/jest.int.config.cts */
module.exports = {
  displayName: 'bench-int',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  resolver: undefined,
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/results/'],
  testTimeout: 60_000,
};
