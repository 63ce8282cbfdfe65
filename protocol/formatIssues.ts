/**
 * @module formatIssues: the one way a zod validation failure becomes a sentence, for config files,
 * socket requests, mappings, presets and model profiles alike: `"engine.queue.max": Too big: expected
 * number to be <=10000; unknown key "server.prot"; "model.device" must be one of "cpu", "webgpu"`.
 */
import type { z } from 'zod';

export interface FormatIssuesOptions {
  /** Prefix every path with this (e.g. `osc.mappings.3`). */
  prefix?: string;
  /** Most issues listed; the rest are counted. Default 5. */
  max?: number;
}

function where(path: readonly PropertyKey[], prefix: string | undefined): string {
  const parts = [...(prefix ? [prefix] : []), ...path.map(String)];
  return parts.length ? parts.join('.') : '';
}

/** One issue as a phrase. */
export function formatIssue(issue: z.core.$ZodIssue, prefix?: string): string {
  const at = where(issue.path, prefix);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${where([...issue.path, k], prefix)}"`).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (issue.code === 'invalid_value') return `${at ? `"${at}"` : 'the value'} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return at ? `"${at}": ${issue.message}` : issue.message;
}

/** Every issue (up to `max`) joined with `; `. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], options: FormatIssuesOptions = {}): string {
  const max = options.max ?? 5;
  const listed = issues.slice(0, max).map((i) => formatIssue(i, options.prefix));
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return listed.join('; ') + more || 'invalid';
}
