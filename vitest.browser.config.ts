import { defineConfig } from 'vitest/config';

/**
 * The browser suite (`npm run test:browser`): a real Chromium against the app. Run by .ci/run after
 * Chromium is installed; a missing browser fails it. One file at a time: each starts its own browser.
 */
export default defineConfig({
  test: {
    include: ['test/app/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
