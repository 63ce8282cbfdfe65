/**
 * @module writeFileAtomic: replaces a file's contents all at once (temp file, fsync, rename), so a crash
 * or kill -9 mid-write leaves either the old file or the new one, never half of each. Node only.
 */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/** Writes `text` to `file` atomically; the folder must exist. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  // Unique per process and call, so two writers never share a temp file.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // Persist the rename itself; not every platform lets a folder be opened for fsync, so this is best-effort.
  try {
    const dir = await open(path.dirname(file), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    /* best-effort */
  }
}
