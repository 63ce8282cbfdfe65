/**
 * @module runningInstallations (test helper): installations started by `startTestInstallation` and not closed
 * yet. Integration files share one process (vitest.config.ts), so one left running would go on writing verses
 * through every later file; `integrationSetup.ts` closes them and fails the file. Imports nothing at run time,
 * so a file that replaces a module with `vi.mock` still gets its mock.
 */

/** What a test installation must offer to be tracked (an `Installation`). */
interface Closable {
  close(): Promise<void>;
}

export const running = new Set<Closable>();

/** Closes what the file left running; returns how many there were. */
export async function closeLeftRunning(): Promise<number> {
  const left = [...running];
  await Promise.all(left.map((inst) => inst.close()));
  return left.length;
}
