/* Unit tests of the evaluation tooling: npx jest -c scripts/eval/jest.config.cts */
module.exports = {
  displayName: 'eval',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The preset's resolver looks for a project tsconfig.spec.json; the moduleNameMapper already maps @laglig/*.
  resolver: undefined,
  testPathIgnorePatterns: ['/node_modules/', '/results/'],
};
