/**
 * @module config-schema: `npm run config:schema`. Writes the config's JSON Schema (from the zod schema) to
 * config/inkverse.schema.json, which config/default.json names with "$schema" for editor completion.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../config/configJsonSchema.ts';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';

const USAGE = `Usage: npm run config:schema [-- --out FILE]
Writes the installation config's JSON Schema (default config/${CONFIG_SCHEMA_FILE}).
Point a config at it with "$schema": "./${CONFIG_SCHEMA_FILE}" for completion in your editor.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const outAt = args.indexOf('--out');
if ((outAt >= 0 && !args[outAt + 1]) || args.some((a, i) => a.startsWith('-') && a !== '--out' && i !== outAt + 1)) {
  process.stderr.write(`config:schema: unknown or incomplete argument in "${args.join(' ')}"\n${USAGE}\n`);
  process.exit(2);
}
const out = outAt >= 0 ? path.resolve(args[outAt + 1]!) : path.join(PROJECT_ROOT, 'config', CONFIG_SCHEMA_FILE);
writeFileSync(out, configJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}\n`);
