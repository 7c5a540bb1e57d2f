// Three tiers told apart by file name (see README "Tests").
// Type-checking is `npm run typecheck`'s job; tests only transpile (isolatedModules), which keeps
// them fast. Decorator metadata is emitted, so Nest's dependency injection works in tests too.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }];
const moduleNameMapper = { '^@hub/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };
const base = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Integration and e2e suites raise this per file where a scenario needs longer.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs}/**/*.e2e-spec.ts'],
    },
  ],
};
