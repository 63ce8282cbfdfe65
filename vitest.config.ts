/**
 * @module vitest configuration: two projects, told apart by file name (README, "Test it").
 * - `unit` (`*.test.ts`): pure and in-process (real SQLite files, UDP and socket.io on localhost are fine);
 *   no whole installation, no Chromium, no model worker, no child process. Files run in parallel.
 *   `npm run test:unit`, under a minute.
 * - `integration` (`*.int.test.ts`): a whole installation, Chromium, the model in its worker, or a child
 *   process. Files run one at a time: model-loading suites compete for 2 cores.
 * `npm test` runs both, unit first.
 */
import { defineConfig } from 'vitest/config';

const INTEGRATION = 'test/**/*.int.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    // Real models and a real Chromium start slowly on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // Not isolated: unit files hold no module-level state between them, and sharing the module cache
        // cuts the run's CPU time about threefold (measured: 13 s instead of 42 s for 42 files).
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [INTEGRATION], isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'integration', include: [INTEGRATION], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
