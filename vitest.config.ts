import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'fake-server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Says loudly when the real-keychain tests are skipped (no Secret Service in this session).
    globalSetup: ['test-support/keychain-banner.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real servers and touch a real keychain; two cores, so keep files parallel but few.
    maxWorkers: 2,
  },
});
