/**
 * @module verse-verify: `npm run verse:verify -- <file|url> [--keys <file|url>]` checks a verse's signed record
 * (`/v/<code>.json`) against the installation's public keys (see server/provenance/verifyTarget.ts). Exit 0 when it
 * verifies, 1 (with the reason) when it does not, 2 when it could not be checked.
 */
import path from 'node:path';
import { InkverseError } from '../protocol/errors.ts';
import { verifyTarget } from '../server/provenance/verifyTarget.ts';

const args = process.argv.slice(2);
const keysAt = args.indexOf('--keys');
const keys = keysAt >= 0 ? args[keysAt + 1] : undefined;
const target = args.find((a, i) => !a.startsWith('--') && (keysAt < 0 || i !== keysAt + 1));
const USAGE = 'usage: npm run verse:verify -- <file|url> [--keys <file|url>]\n  e.g. npm run verse:verify -- http://localhost:8080/v/ab3k9x\n';
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!target) {
  process.stderr.write(USAGE);
  process.exit(2);
}
try {
  const v = await verifyTarget(target, { keys, dataDir: path.resolve(process.env.INKVERSE_DATA ?? './data') });
  const r = v.record as { id?: string; model?: { name?: string }; endedAt?: string } | null;
  if (v.ok) {
    process.stdout.write(`verified: signed by ${v.keyId}${v.retired ? ` (a key retired ${v.retired})` : ''}; verse ${r?.id} written by ${r?.model?.name} at ${r?.endedAt}\n`);
    process.exit(0);
  }
  process.stdout.write(`INKVERSE_E_SIGNATURE: NOT verified: ${v.reason}\n`);
  process.exit(1);
} catch (err) {
  process.stderr.write(`${err instanceof InkverseError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
  process.exit(2);
}
