/**
 * @module serverUrls: the web and OSC addresses a server started as a child process prints at start-up, read
 * from its stdout (the benches that measure a real `npm start` process use it).
 */
import type { ChildProcess } from 'node:child_process';

/** Resolves once the child has printed its /display URL and its OSC port; rejects if it exits first. */
export async function serverUrls(child: ChildProcess): Promise<{ url: string; oscPort: number }> {
  let out = '';
  const found = await new Promise<{ url: string; oscPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it printed its URLs`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)\/display/.exec(out)?.[1];
      const osc = /udp:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (url && osc) resolve({ url, oscPort: Number(osc) });
    });
  });
  child.stdout!.resume();
  return found;
}
