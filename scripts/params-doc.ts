/**
 * @module params-doc: `npm run params:doc`. Writes, from the parameter tables, everything a performer reads or
 * loads: the parameter reference in README.md (between its markers), the Open Stage Control session
 * (deploy/open-stage-control/inkverse.json) and the TouchOSC layout (deploy/touchosc/inkverse.tosc).
 * `--check` writes nothing and exits 1 when a committed file differs from what the tables give.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { KIT_FILES, kitFiles } from '../server/kit/kitFiles.ts';

const USAGE = `Usage: npm run params:doc [-- --check]
Writes the parameter reference into README.md and the control-surface layouts into deploy/:
  ${KIT_FILES.readme}, ${KIT_FILES.openStageControl}, ${KIT_FILES.touchOsc}
--check  writes nothing; exits 1 and names the files that are out of date.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.some((a) => a !== '--check')) {
  process.stderr.write(`params:doc: unknown argument "${args.find((a) => a !== '--check')}"\n${USAGE}\n`);
  process.exit(2);
}
const check = args.includes('--check');
const stale: string[] = [];
for (const [rel, content] of Object.entries(kitFiles(PROJECT_ROOT))) {
  const file = path.join(PROJECT_ROOT, rel);
  const same = existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(content)) === 0;
  if (same) continue;
  stale.push(rel);
  if (!check) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
if (check && stale.length) {
  process.stderr.write(`params:doc: out of date: ${stale.join(', ')}; run npm run params:doc\n`);
  process.exit(1);
}
process.stdout.write(stale.length ? `${check ? 'would write' : 'wrote'} ${stale.join(', ')}\n` : 'params:doc: everything up to date\n');
