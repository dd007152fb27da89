/* Unit tests of the benchmark tooling: npx jest -c scripts/bench/jest.config.cts */
module.exports = {
  displayName: 'bench',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The preset's resolver looks for a project tsconfig.spec.json; the moduleNameMapper already maps @laglig/*.
  resolver: undefined,
  testPathIgnorePatterns: ['/node_modules/', '\\.int-spec\\.ts$', '/results/'],
};
