/** @module bench/run: `npm run bench`: runs every benchmark and prints Markdown tables for BENCHMARKS.md. */
import os from 'node:os';

const BENCHES = ['startup', 'generation', 'eventloop', 'sound', 'recovery', 'visitor', 'scenes', 'osc', 'floods'];
const only = process.argv.slice(2);
if (only.includes('--help') || only.includes('-h') || only.some((b) => !BENCHES.includes(b))) {
  const bad = only.filter((b) => !BENCHES.includes(b) && b !== '--help' && b !== '-h');
  (bad.length ? process.stderr : process.stdout).write(
    `${bad.length ? `bench: unknown benchmark ${bad.map((b) => `"${b}"`).join(', ')}\n` : ''}Usage: npm run bench [-- ${BENCHES.join('|')} ...]\nRuns the named benchmarks (default all) and prints Markdown tables for BENCHMARKS.md.\n`,
  );
  process.exit(bad.length ? 2 : 0);
}
const want = (name: string): boolean => only.length === 0 || only.includes(name);
const out = (line = ''): boolean => process.stdout.write(line + '\n');

out(`# inkverse benchmarks — ${new Date().toISOString().slice(0, 10)}, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
if (want('startup')) {
  const { benchStartup } = await import('./startup.ts'); // loaded when run, so --help answers at once
  const r = await benchStartup();
  out('\n## npm start (cold process, built-in Tang model, CPU)\n');
  out('| URLs printed | /health ok | first attract token |\n| --- | --- | --- |');
  out(`| ${r.urlsPrintedMs} ms | ${r.healthOkMs} ms | ${r.firstTokenMs} ms |`);
}
if (want('generation')) {
  out('');
  const { benchGeneration, generationTable } = await import('./generation.ts');
  for (const line of generationTable(await benchGeneration())) out(line);
}
if (want('eventloop')) {
  const { benchEventLoop } = await import('./eventLoop.ts');
  const r = await benchEventLoop();
  out('\n## Event loop while streaming at full speed\n');
  out('| displays | verses | tokens | delay p50 | p99 | max | RSS |\n| --- | --- | --- | --- | --- | --- | --- |');
  out(`| ${r.displays} | ${r.verses} | ${r.tokens} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.rssMiB} MiB |`);
}
if (want('sound')) {
  const { benchSoundLag } = await import('./soundLag.ts');
  const r = await benchSoundLag();
  out(`\n## Sound: token server time -> note (one /sound page, headless Chromium, tempo 8, playout delay ${r.playoutMs} ms)\n`);
  out('| verses | notes | lag p50 | p99 | max | notes later than delay + 1 frame |\n| --- | --- | --- | --- | --- | --- |');
  out(`| ${r.verses} | ${r.notes} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.lateNotes} |`);
}
if (want('recovery')) {
  const { benchRecovery } = await import('./recovery.ts');
  const r = await benchRecovery();
  out('\n## Supervision: fault to degraded, and to the next token written\n');
  out('| scenario | fault -> degraded | fault -> next token |\n| --- | --- | --- |');
  for (const row of r.rows) out(`| ${row.scenario} | ${row.detectMs} ms | ${row.writeMs} ms |`);
  out(`\nPer token, a fake stream read bare: ${r.perTokenUs.bare} µs; through the supervisor and its watchdog: ${r.perTokenUs.supervised} µs.`);
}
if (want('visitor')) {
  const { benchVisitorLatency } = await import('./visitorLatency.ts');
  const r = await benchVisitorLatency();
  out('\n## Visitors first: kiosk submit -> first token of the visitor\'s verse, attract verses running (tempo 8, gap 4 s, 4 drafts)\n');
  out('| submissions | during an attract verse / in its gap | attract verses yielded | p50 | p95 | max |\n| --- | --- | --- | --- | --- | --- |');
  out(`| ${r.submissions} | ${r.during.writing} / ${r.during.resting} | ${r.yielded} | ${r.p50Ms} ms | ${r.p95Ms} ms | ${r.maxMs} ms |`);
}
if (want('scenes')) {
  const { benchScenes, scenesTable } = await import('./scenes.ts');
  out('');
  for (const line of scenesTable(await benchScenes())) out(line);
}
if (want('oscflood')) {
  const { runOscFloodBench } = await import('./oscFlood.ts');
  out('\n' + (await runOscFloodBench()));
}
if (want('osc')) {
  try {
    const mod = (await import('./osc.ts')) as { runOscBench?: () => Promise<string> };
    if (mod.runOscBench) out('\n' + (await mod.runOscBench()));
  } catch (err) {
    out(`\n(osc benchmark unavailable: ${(err as Error).message})`);
  }
}
if (want('floods')) {
  const { benchFloods } = await import('./floods.ts');
  const rows = await benchFloods();
  out('\n## /health while one kiosk floods prompt:status (5,000 calls/s of 32 ids, from a worker thread; Tang model, tempo 8)\n');
  out('| phase | /health p50 | p99 | max | display tokens/s | calls sent | refused (RATE_LIMIT) |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) out(`| ${r.phase} | ${r.healthP50Ms} ms | ${r.healthP99Ms} ms | ${r.healthMaxMs} ms | ${r.tokensPerS} | ${r.sent} | ${r.refused} |`);
}
process.exit(0);
