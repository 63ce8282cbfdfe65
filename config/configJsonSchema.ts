/**
 * @module configJsonSchema: the installation config's JSON Schema, made from the zod schema (`z.toJSONSchema`),
 * so an editor completes and checks a config file. `npm run config:schema` writes it to `config/inkverse.schema.json`;
 * a config names it with `"$schema"`.
 */
import { z } from 'zod';
import { ConfigSchema } from './schema.ts';

/** File name of the written schema, beside `default.json`. */
export const CONFIG_SCHEMA_FILE = 'inkverse.schema.json';

/** The schema as the text written to disk (what a config file may hold: defaults are optional). */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'inkverse installation config' }, null, 2) + '\n';
}
