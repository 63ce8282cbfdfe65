/**
 * @module verse-replay: `npm run verse:replay -- <id|code>` writes an archived verse again from its signed record, with
 * the same model weights, seed, parameters at the same tokens and drafts, on the CPU, and says whether the text is
 * identical character for character, and where it cannot be, why (server/provenance/replayArchived.ts). Reads
 * `INKVERSE_DATA` and the installation config (`INKVERSE_CONFIG`). Exit 0: identical; 1: not; 2: could not replay.
 */
import { loadConfig } from '../config/loadConfig.ts';
import { setLogLevel } from '../engine/log.ts';
import { InkverseError } from '../protocol/errors.ts';
import { replayArchived } from '../server/provenance/replayArchived.ts';

const USAGE = 'usage: npm run verse:replay -- <verse id | take-away code>\n';
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const target = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!target) {
  process.stderr.write(USAGE);
  process.exit(2);
}
try {
  const config = loadConfig();
  setLogLevel('warn');
  const r = await replayArchived(target, config);
  const n = [...r.record.text].length;
  process.stdout.write(`verse ${r.record.id}: ${r.record.model.name} (${r.record.model.weights?.sha256.slice(0, 12)}), seed ${r.record.seed}, ${r.record.generation.length} generator calls\n`);
  process.stdout.write(`recorded: ${r.record.text}\nreplayed: ${r.text}\n`);
  if (r.identical) process.stdout.write(`identical: all ${n} characters, character for character\n`);
  else process.stdout.write(`NOT identical: differs from character ${(r.firstDifference ?? 0) + 1} of ${n}\n`);
  for (const reason of r.reasons) process.stdout.write(`  because ${reason}\n`);
  process.exit(r.identical ? 0 : 1);
} catch (err) {
  process.stderr.write(`${err instanceof InkverseError ? `${err.code}: ` : ''}${(err as Error).message}\n`);
  process.exit(2);
}
