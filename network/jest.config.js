/** Unit tests of the network workspace: pure config, generators and parsers; no Fabric process. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
};
