/** @module vitest configuration: one Node environment for unit, integration and browser tests. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Real models and a real Chromium start slowly on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Model-loading suites compete for 2 cores; run files one at a time for stable results.
    fileParallelism: false,
  },
});
