/**
 * @module bench/runner: runs the benches bench/run.ts lists. `--quick` runs the quick ones with short settings;
 * a full run (no `--quick`) also rewrites each bench's block in BENCHMARKS.md. Either way one JSON object goes to
 * stdout and progress to stderr. A bench marked `background` (footprint) starts first and runs beside the others:
 * its figures are memory, which the others' CPU load does not change.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { EXIT_USAGE } from '../models/cli/cliMain.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { BenchContext, BenchDefinition, BenchOutcome } from './benchDefinition.ts';
import { buildReport, cell, ratiosBelow, rewriteBlocks, REQUIRED_RATIOS, type ReportMeta } from './benchReport.ts';

export interface BenchEntry {
  /** Runs in `--quick` (every bench runs in a full run). */
  quick: boolean;
  /** One line for `--help`. */
  summary: string;
  load: () => Promise<{ bench: BenchDefinition }>;
}

function usage(benches: Record<string, BenchEntry>): string {
  const width = Math.max(...Object.keys(benches).map((n) => n.length));
  return [
    'Usage: npm run bench [-- [--quick] [--no-write] [NAME ...]]',
    'Measures inkverse beside its peers and prints one JSON object on stdout (progress on stderr).',
    '  --quick     the quick benches (marked *) with short settings: all four peer ratios and the footprint, within 4 minutes on 2 cores',
    '  --no-write  a full run leaves BENCHMARKS.md as it is (by default it rewrites the blocks of the benches it ran)',
    '  NAME        run only these benches:',
    ...Object.entries(benches).map(([name, b]) => `    ${name.padEnd(width)} ${b.quick ? '*' : ' '} ${b.summary}`),
    'Ratios (*_ratio) are inkverse over its peer, higher is better (1 = as fast); min/median/max over repeats.',
  ].join('\n');
}

/** A wrong command line, coded as the other tools' usage refusals are (scripts/render-audio.ts). */
function benchUsage(message: string): InkverseError {
  return new InkverseError('INKVERSE_E_BAD_REQUEST', message);
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha}+uncommitted` : sha;
  } catch {
    return 'unknown';
  }
}

const machine = (): string =>
  `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}, Node ${process.version}`;

/** Parses the arguments, runs the benches, prints the report; returns the exit status. */
export async function runBenches(benches: Record<string, BenchEntry>, args: readonly string[]): Promise<number> {
  const flags = new Set(['--quick', '--no-write', '--help', '-h']);
  const names = args.filter((a) => !flags.has(a));
  const unknown = names.filter((n) => !(n in benches));
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(usage(benches) + '\n'), 0;
  if (unknown.length > 0) {
    const refusal = benchUsage(`unknown benchmark or option ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${Object.keys(benches).join(', ')}`);
    process.stderr.write(`bench: ${refusal.message} [${refusal.code}]\n\n${usage(benches)}\n`);
    return EXIT_USAGE;
  }
  const quick = args.includes('--quick');
  // stdout is the report: the product's logs (this process, its worker threads, the servers it starts) go to stderr.
  process.env.INKVERSE_LOG_TO = 'stderr';
  process.env.LOG_LEVEL ??= 'warn';
  const chosen = Object.entries(benches).filter(([name, b]) => (names.length > 0 ? names.includes(name) : !quick || b.quick));
  const started = performance.now();
  const load0 = os.loadavg()[0]!;
  const context = (name: string): BenchContext => ({ quick, log: (m) => process.stderr.write(`[bench ${name}] ${m}\n`) });
  const outcomes = new Map<string, BenchOutcome>();
  const seconds: Record<string, number> = {};
  const runOne = async (name: string, def: BenchDefinition): Promise<void> => {
    const t0 = performance.now();
    context(name).log('start');
    outcomes.set(name, await def.run(context(name)));
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
    context(name).log(`done in ${seconds[name]} s`);
  };
  const loaded = await Promise.all(chosen.map(async ([name, entry]) => [name, (await entry.load()).bench] as const));
  const background = loaded.filter(([, b]) => b.background).map(([name, b]) => runOne(name, b));
  for (const [name, b] of loaded) if (!b.background) await runOne(name, b);
  await Promise.all(background);
  const ordered = new Map(chosen.filter(([n]) => outcomes.has(n)).map(([n]) => [n, outcomes.get(n)!]));
  const meta: ReportMeta = {
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(),
    load: [Math.round(load0 * 100) / 100, Math.round(os.loadavg()[0]! * 100) / 100],
    quick,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const report = { ...buildReport(meta, ordered), bench_seconds: seconds, ratios_below_0_9: [] as string[] };
  report.ratios_below_0_9 = ratiosBelow(report);
  const missing = names.length === 0 ? REQUIRED_RATIOS.filter((r) => !(r in report)) : [];
  if (missing.length > 0) process.stderr.write(`bench: the run is missing ${missing.join(', ')}\n`);
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (!quick && !args.includes('--no-write')) writeBenchmarks(meta, ordered, names.length === 0);
  return missing.length > 0 ? 1 : 0;
}

/** Rewrites the generated blocks of BENCHMARKS.md: the run's header, then each bench's section. */
function writeBenchmarks(meta: ReportMeta, outcomes: ReadonlyMap<string, BenchOutcome>, all: boolean): void {
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  const ratioRows = [...outcomes.values()].flatMap((o) => Object.entries(o.figures).filter(([k]) => k.endsWith('_ratio')));
  const header = [
    '## Latest run of `npm run bench`',
    '',
    `\`${meta.command}\`, ${meta.date.slice(0, 16).replace('T', ' ')} UTC, commit ${meta.commit}, ${meta.machine}; load average ${meta.load[0]} at the start, ${meta.load[1]} at the end; ${meta.seconds} s.`,
    'Ratios are inkverse over its peer measured in the same run (higher is better; 1 = as fast), median (min–max) over repeats.',
    '',
    '| ratio | median (min–max) |',
    '| --- | --- |',
    ...ratioRows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
  ];
  // Each block says which run wrote it (a later run of some benches rewrites only theirs); the run's ratio summary
  // is rewritten by a run of every bench only.
  const provenance = `_${meta.date.slice(0, 16).replace('T', ' ')} UTC, \`${meta.command}\`, commit ${meta.commit}, load average ${meta.load[0]}–${meta.load[1]}._`;
  const sections = [...outcomes].map(([name, o]) => [name, [...o.markdown.slice(0, 1), '', provenance, ...o.markdown.slice(1)]] as [string, string[]]);
  const blocks = new Map<string, string[]>([...(all ? [['run', header] as [string, string[]]] : []), ...sections]);
  writeFileSync(file, rewriteBlocks(readFileSync(file, 'utf8'), blocks));
  process.stderr.write(`bench: rewrote ${[...blocks.keys()].join(', ')} in BENCHMARKS.md\n`);
}
