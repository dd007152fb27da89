// Shared Jest preset: SWC instead of ts-jest (type checking is the `typecheck`
// target's job; SWC keeps a 2-core test run fast) and tsconfig paths mapped
// so every project imports libs the same way the apps do.
const nxPreset = require('@nx/jest/preset').default;
const path = require('path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('*', '(.*)')}$`] = path.join(__dirname, target.replace('*', '$1'));
}

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'html', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // fractional-indexing ships ES modules only: let @swc/jest turn it into CommonJS too.
  transformIgnorePatterns: ['/node_modules/(?!fractional-indexing)'],
  reporters: ['default', path.join(__dirname, 'scripts/test/count-reporter.js')],
  // Unit tier by default; the integration tier is jest.int.config.ts.
  testMatch: ['**/?(*.)+(spec).ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.int-spec\\.ts$', '\\.e2e-spec\\.ts$'],
};
