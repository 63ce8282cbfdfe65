// @module start: `npm start` and the systemd unit's entry. Runs the compiled server (dist/node, from
// `npm run build`); on a clone that was never built, or whose sources changed since, it compiles first
// (a few seconds, once). One Node process, no transpiler loaded: the service manager signals the server itself.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileServer, OUT_DIR } from './compileServer.mjs';

try {
  if (await compileServer()) process.stderr.write('inkverse: compiled the server into dist/node (npm run build does this ahead of time)\n');
} catch (err) {
  const why = err && err.code === 'EACCES' ? `dist/ is not writable by this user (${err.path}); run \`npm run build\` as the owner of the checkout` : String(err && err.stack ? err.stack : err);
  process.stderr.write(`\ninkverse could not start: the server is not compiled for these sources and compiling failed: ${why}\n[INKVERSE_E_CONFIG]\n`);
  process.exit(1);
}
await import(pathToFileURL(path.join(OUT_DIR, 'server', 'main.js')).href);
