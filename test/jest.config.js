/** Cross-package and end-to-end tests (the real-network suites start the network they need). */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  // its own network in a namespace, root only, about a minute: `npm run test:multihost`
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/multihost/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 600000,
  // One real network for all suites: started once (or reused), stopped at the end if started here.
  globalSetup: '<rootDir>/support/real-network-global-setup.ts',
  globalTeardown: '<rootDir>/support/real-network-global-teardown.ts',
};
