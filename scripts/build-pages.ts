/** @module build-pages: `npm run build`: type-checks (in package.json) and bundles the pages into dist/pages/. */
import { PROJECT_ROOT } from '../config/loadConfig.ts';
import { loadPages } from '../server/pages.ts';

const pages = await loadPages({ root: PROJECT_ROOT, force: true });
process.stdout.write(`built ${pages.html.size} pages and ${pages.assets.size} scripts into dist/pages/\n`);
