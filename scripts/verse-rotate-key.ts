/**
 * @module verse-rotate-key: `npm run verse:rotate-key` makes a new signing key for the installation in
 * `INKVERSE_DATA` (default `./data`). The old private key is deleted; its public key stays under its id in
 * `GET /api/key`, so the verses it signed still verify. Restart the installation to sign with the new key.
 */
import path from 'node:path';
import { systemClock } from '../engine/clock.ts';
import { InkverseError } from '../protocol/errors.ts';
import { KeyRing } from '../server/provenance/keyRing.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('usage: npm run verse:rotate-key\n  Makes a new signing key in INKVERSE_DATA (default ./data); the old public key is kept, so its verses still verify.\n');
  process.exit(0);
}
try {
  const ring = KeyRing.open(path.resolve(process.env.INKVERSE_DATA ?? './data'), () => new Date(systemClock.now()));
  const old = ring.current;
  const id = ring.rotate(new Date(systemClock.now()));
  process.stdout.write(`new signing key ${id}; ${old} retired (its public key is kept). Restart the installation to sign with the new key.\n`);
} catch (err) {
  process.stderr.write(`${err instanceof InkverseError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
  process.exit(1);
}
