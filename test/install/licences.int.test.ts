/**
 * @module licences tests: NOTICE and the README's Licences section name every shipped model and data file with
 * its licence; an installation configured without verse-en (the GPL model) never loads it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Installation } from '../../server/installation.ts';
import { startTestInstallation } from '../helpers/installation.ts';

const notice = readFileSync(path.join(PROJECT_ROOT, 'NOTICE'), 'utf8');
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const licences = readme.slice(readme.indexOf('## Licences'), readme.indexOf('\n## ', readme.indexOf('## Licences') + 3));

/** Model folders the repository ships (those with a verse profile). */
const models = readdirSync(path.join(PROJECT_ROOT, 'models')).filter((d) => existsSync(path.join(PROJECT_ROOT, 'models', d, 'inkverse.json')));

/** Data files shipped beside the code (json and binary tables under engine/ and models/prosody/). */
function dataFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(PROJECT_ROOT, rel), { withFileTypes: true })) {
      const p = path.join(rel, name.name);
      if (name.isDirectory()) walk(p);
      else if (/\.(json|bin)$/.test(name.name)) out.push(p);
    }
  };
  walk('engine');
  walk('models/prosody');
  return out;
}

describe('licences', () => {
  it('NOTICE and the README name every shipped model with its licence and source', () => {
    expect(models).toEqual(expect.arrayContaining(['tang-poet-zh', 'verse-en']));
    for (const m of models) {
      expect(notice, m).toContain(`models/${m}`);
      expect(licences, m).toContain(`models/${m}`);
      // The licence each model card states is the one NOTICE gives.
      const card = readFileSync(path.join(PROJECT_ROOT, 'models', m, 'README.md'), 'utf8');
      if (/GPL-3\.0-or-later|General Public License v3 or later/.test(card)) expect(notice.slice(notice.indexOf(`models/${m}`)).split('\nmodels/')[0]).toContain('GPL-3.0-or-later');
    }
    expect(licences).toMatch(/`models\/verse-en` \| \*\*GPL-3\.0-or-later\*\* \| GCIDE/);
  });

  it('NOTICE names every shipped data file', () => {
    const files = dataFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(notice, f).toContain(f);
    expect(notice).toMatch(/gloss-zh\.json\s+Derived from CC-CEDICT.*CC BY-SA 4\.0/);
  });

  describe('without verse-en', () => {
    let inst: Installation | undefined;
    afterAll(async () => {
      await inst?.close();
    });
    it('an installation configured without it (the README example minus the custom model) never loads it', async () => {
      inst = await startTestInstallation({ model: { name: 'tang-poet-zh', fallback: [{ device: 'cpu' }, 'replay'] } });
      await inst.ready;
      const labels = inst.generator.candidates().map((c) => c.label);
      expect(labels.length).toBeGreaterThan(1);
      expect(labels.join(' ')).not.toContain('verse-en');
      expect(inst.model.name).toBe('tang-poet-zh');
    });
  });
});
