/**
 * Two projects: unit specs beside the library's code and e2e specs under test/.
 * Both compile TypeScript with ts-jest as CommonJS (the repository develops against NestJS 11)
 * and resolve the package names to the library's sources, as an installed app would see them.
 */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^nestjs-moltin-auth$': '<rootDir>/libs/moltin-auth/src/index.ts',
    '^nestjs-moltin-auth/testing$': '<rootDir>/libs/moltin-auth/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

module.exports = {
  // Watchman is not needed for single runs, and a missing or stuck daemon can hang Jest.
  watchman: false,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
