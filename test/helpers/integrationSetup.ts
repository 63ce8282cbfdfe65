/**
 * @module integrationSetup (test helper): runs around every integration file. The files share one process
 * and its module cache (vitest.config.ts), so nothing a file starts may outlive it: an installation left
 * running is closed, and the file that left it fails.
 */
import { afterAll } from 'vitest';
import { closeLeftRunning } from './runningInstallations.ts';

afterAll(async () => {
  const left = await closeLeftRunning();
  if (left > 0) throw new Error(`${left} installation(s) left running after this file's tests: close each one (useInstallation and browserSuite do).`);
});
