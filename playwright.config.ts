import { defineConfig } from '@playwright/test';

// Each spec starts its own browser through e2e/harness.ts (Debian's Chromium), so no
// Playwright-managed browser is needed or downloaded.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  retries: 0,
});
