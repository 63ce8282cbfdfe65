/**
 * @module vitest configuration: projects told apart by file name (README, "Test it").
 * - `unit` (`*.test.ts`): pure and in-process (real SQLite files, UDP and socket.io on localhost are fine);
 *   no whole installation, no Chromium, no model worker, no child process. Files run in parallel.
 *   `npm run test:unit`, under a minute.
 * - `integration` (`*.int.test.ts`): a whole installation, Chromium, the model in its worker, or a child
 *   process. Two files run at a time, each worker one process whose files share its module cache, so each
 *   file does not load the server's modules, transformers.js and the rest again (measured on 8 files on the
 *   loaded 2-core machine: 97 s instead of 172 s, imports 6 s instead of 43 s);
 *   `test/helpers/integrationSetup.ts` fails a file that leaves an installation running.
 * - `integration-isolated`: the integration files that replace a module with `vi.mock`, which needs a module
 *   cache of their own (found by reading the files, so a new one cannot be forgotten); run last.
 * `npm test` runs them all, unit first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const INTEGRATION = 'test/**/*.int.test.ts';

/** Integration files that mock a module (`vi.mock`, `vi.doMock`). */
const MOCKING = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.int.test.ts'))
  .map((f) => `test/${f.split('\\').join('/')}`)
  .filter((f) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(f, 'utf8')));

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
        test: {
          name: 'integration',
          include: [INTEGRATION],
          exclude: MOCKING,
          // Two files at a time: an integration file keeps about 0.7 of one core busy (measured: 84 s of CPU in
          // 121 s for four of the heaviest), so two share the 2 cores with room to spare; the full tier took 622 s
          // instead of 853 s, every test with its timeout still several times its run time.
          fileParallelism: true,
          maxWorkers: 2,
          isolate: false,
          setupFiles: ['test/helpers/integrationSetup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: 'integration-isolated', include: MOCKING, fileParallelism: false, setupFiles: ['test/helpers/integrationSetup.ts'], sequence: { groupOrder: 2 } },
      },
    ],
  },
});
