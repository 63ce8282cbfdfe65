#!/usr/bin/env node
/**
 * @module ensure-test-deps: runs before `vitest run` (npm test). The browser tests drive Debian's
 * Chromium through playwright-core (`npx playwright install` cannot download anything here), so this
 * installs the `chromium` package when it is missing, and checks that the tests need nothing else
 * that only a long setup could provide: no Python (the built-in model ships ready, tests never train).
 * Quick when everything is present: two file checks and one `chromium --version`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = path.join(ROOT, 'models', 'tang-poet-zh');

const say = (line) => console.log(`[ensure-test-deps] ${line}`);
const fail = (line) => {
  console.error(`[ensure-test-deps] ${line}`);
  process.exit(1);
};

/** The browser's version line, or null when it is missing or does not start. */
function chromiumVersion() {
  if (!existsSync(CHROMIUM)) return null;
  // Debian's wrapper script prints a harmless shell warning on some machines; the exit code is what counts.
  const r = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 && /chromium/i.test(r.stdout) ? r.stdout.trim() : null;
}

function run(cmd, args) {
  say(`running: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function installPackages(packages) {
  if (!hasCommand('apt-get')) return 'apt-get is not available (this is not a Debian/Ubuntu system)';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && !hasCommand('sudo')) return 'not running as root and sudo is not available';
  // `sudo -n` fails at once instead of waiting for a password nobody will type.
  const apt = (...args) => (isRoot ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]));
  if (!apt('update')) return '`apt-get update` failed (is a package mirror reachable?)';
  if (!apt('install', '-y', ...packages)) return `\`apt-get install ${packages.join(' ')}\` failed`;
  return null;
}

/** A Git LFS pointer instead of the weights would make every model test fail obscurely. */
function looksLikeLfsPointer(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    return head.toString('latin1').startsWith('version https://git-lfs');
  } finally {
    closeSync(fd);
  }
}

// 1. Chromium for the browser tests, and liblo-tools for the OSC tests (they send with `oscsend`,
//    a tool outside the project, as a performer's rig would).
let version = chromiumVersion();
const missing = [...(version ? [] : ['chromium']), ...(hasCommand('oscsend') ? [] : ['liblo-tools'])];
if (missing.length > 0) {
  say(`missing: ${missing.join(', ')}; installing from Debian.`);
  const why = installPackages(missing);
  version = chromiumVersion();
  if (!version || !hasCommand('oscsend')) {
    fail(
      `The tests need Chromium (the browser tests) and oscsend (the OSC tests), and they could not be installed: ${why ?? 'they still do not run'}.\n` +
        `  Install them yourself with \`sudo apt-get install ${missing.join(' ')}\` (Debian/Ubuntu), then run \`npm test\` again.`,
    );
  }
  say(`installed ${missing.join(', ')}`);
}

// 2. Python is not needed: the tests run the shipped model; only `npm run models:train` uses Python.
// The weights ship as int8 (`model_quantized.onnx`) or fp32 (`model.onnx`).
const weightFile = ['model_quantized.onnx', 'model.onnx'].map((f) => path.join('onnx', f)).find((f) => existsSync(path.join(MODEL, f)));
for (const file of ['config.json', 'tokenizer.json', 'inkverse.json', weightFile ?? path.join('onnx', 'model_quantized.onnx')]) {
  if (!existsSync(path.join(MODEL, file))) {
    fail(
      `The built-in model file models/tang-poet-zh/${file} is missing. The tests use the shipped model and never train one ` +
        '(training needs Python and torch); restore it with `git checkout -- models/tang-poet-zh`.',
    );
  }
}
const weights = path.join(MODEL, weightFile);
if (statSync(weights).size < 1024 * 1024 || looksLikeLfsPointer(weights)) {
  fail(`models/tang-poet-zh/${weightFile} is not the model weights (too small, or a Git LFS pointer); fetch the real file (\`git lfs pull\`).`);
}
say(`${version}; built-in model present; Python not needed.`);
