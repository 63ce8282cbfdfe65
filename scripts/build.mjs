// @module build: `npm run build`. Compiles the server to JavaScript (dist/node) and bundles the browser pages
// (dist/pages), so `npm start` neither transpiles nor bundles. Needs only production dependencies (esbuild).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileServer, OUT_DIR, ROOT } from './compileServer.mjs';

const USAGE = `Usage: npm run build
Compiles the server (TypeScript -> JavaScript in dist/node/) and bundles the pages (dist/pages/).
npm start runs the compiled server; without a build it compiles on its first start.
Typecheck separately with npm run typecheck (needs the dev dependencies).`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const started = Date.now();
await compileServer({ force: true });
process.stdout.write(`dist/node: server compiled (${Date.now() - started} ms)\n`);
const { loadPages } = await import(pathToFileURL(path.join(OUT_DIR, 'server', 'pages.js')).href);
const pages = await loadPages({ root: ROOT, force: true });
process.stdout.write(`dist/pages: ${pages.html.size} pages, ${pages.assets.size} scripts\n`);
