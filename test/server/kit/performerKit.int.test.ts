/**
 * @module performer's kit tests: the README's parameter reference and the TouchOSC layout are what the tables give;
 * every TouchOSC control's message at both ends of its scale is accepted over real UDP; the MIDI mapping files load
 * through the config's `osc.mappingFiles` and move parameters and fire actions from real MIDI bytes over socket.io.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/loadConfig.ts';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { KIT_FILES, kitFiles } from '../../../server/kit/kitFiles.ts';
import type { OscOutArg } from '../../../server/osc/oscEncode.ts';
import type { Installation } from '../../../server/installation.ts';
import { client, next, request, startTestInstallation, TEST_TOKEN, type Client } from '../../helpers/installation.ts';
import { oscSender, type OscOut } from './oscSend.ts';

const generated = kitFiles(PROJECT_ROOT);
const xml = inflateSync(readFileSync(path.join(PROJECT_ROOT, KIT_FILES.touchOsc))).toString('utf8');

/** Each OSC message of the layout, at both ends of its argument's scale (what TouchOSC sends at x = 0 and x = 1). */
function touchOscMessages(): Array<{ control: string; ends: OscOut[] }> {
  const out: Array<{ control: string; ends: OscOut[] }> = [];
  for (const m of xml.matchAll(/<node ID="[^"]+" type="(FADER|BUTTON)"><properties><property type="s"><key>name<\/key><value>([^<]*)<\/value>[\s\S]*?<osc>([\s\S]*?)<\/osc>/g)) {
    const [, , name, osc] = m;
    const address = /<path><partial><type>CONSTANT<\/type><conversion>STRING<\/conversion><value>([^<]+)<\/value>/.exec(osc!)![1]!;
    const argXml = /<arguments>([\s\S]*?)<\/arguments>/.exec(osc!)![1]!;
    const arg = /<type>(\w+)<\/type><conversion>(\w+)<\/conversion><value>([^<]*)<\/value><scaleMin>([^<]+)<\/scaleMin><scaleMax>([^<]+)<\/scaleMax>/.exec(argXml);
    let ends: OscOutArg[][];
    if (!arg) ends = [[]];
    else if (arg[1] === 'CONSTANT') ends = [[arg[3]!]];
    else if (arg[2] === 'BOOLEAN') ends = [[true], [false]];
    else ends = [Number(arg[4]), Number(arg[5])].map((v) => [{ type: 'f', value: v }]);
    out.push({ control: name!, ends: ends.map((args) => ({ address, args })) });
  }
  return out;
}

describe("performer's kit", () => {
  it('the README parameter reference and the TouchOSC layout are what npm run params:doc writes', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, KIT_FILES.readme), 'utf8')).toBe(generated[KIT_FILES.readme]);
    expect(Buffer.compare(readFileSync(path.join(PROJECT_ROOT, KIT_FILES.touchOsc)), Buffer.from(generated[KIT_FILES.touchOsc]!))).toBe(0);
    expect(generated[KIT_FILES.readme]).toContain('| scene.ink | `scene.ink.bleed` | number |');
  });

  describe('with a server', () => {
    let inst: Installation;
    beforeAll(async () => {
      inst = await startTestInstallation({ osc: { mappingFiles: [path.join(PROJECT_ROOT, 'config/midi/korg-nanokontrol2.json')] } });
    });
    afterAll(async () => {
      await inst.close();
    });

    it('the TouchOSC layout has a control for every parameter, and each message is accepted over real UDP', async () => {
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><lexml version="3">')).toBe(true);
      const messages = touchOscMessages();
      const addresses = new Set(messages.flatMap((m) => m.ends.map((e) => e.address)));
      for (const spec of inst.params.table) expect(addresses, spec.name).toContain(`/inkverse/param/${spec.name.replaceAll('.', '/')}`);
      const params = messages.flatMap((m) => m.ends).filter((e) => e.address.startsWith('/inkverse/param/'));
      const osc = oscSender(inst);
      expect(await osc.sendAll(params)).toBe(params.length);
      const actions = messages.flatMap((m) => m.ends).filter((e) => !e.address.startsWith('/inkverse/param/'));
      expect(await osc.sendAll(actions)).toBe(actions.length);
      expect(osc.refused).toEqual([]);
      osc.close();
      // A fader at the top of its travel sets the parameter's maximum.
      expect(inst.params.get('scene.ink.bleed')).toBe((inst.params.spec('scene.ink.bleed') as { max: number }).max);
    });

    it('the nanoKONTROL2 mapping file moves parameters and fires actions from real MIDI bytes', async () => {
      const console_: Client = client(inst, '/console', { token: TEST_TOKEN });
      await next(console_, 'state');
      // Fader 1 (CC 0) to the top: temperature at its maximum (after the mapping file's short smoothing).
      inst.params.set({ temperature: 1 }, 'test');
      inst.scene.set('text', 'test');
      const reached = new Promise<void>((resolve) => {
        const off = inst.params.onChange((c) => c.values.temperature === 2 && (off(), resolve()));
      });
      expect(await request(console_, 'midi:message', { data: [0xb0, 0, 127] })).toMatchObject({ ok: true });
      await reached;
      // S2 (CC 33) picks the ink scene.
      const scene = next(console_, 'scene', (s) => s.name === 'ink');
      await request(console_, 'midi:message', { data: [0xb0, 33, 127] });
      await scene;
      expect(inst.scene.name).toBe('ink');
      console_.close();
    });
  });

  it('both MIDI mapping files load through osc.mappingFiles, and a config mapping on the same control wins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-midi-files-'));
    for (const midiFile of ['korg-nanokontrol2.json', 'akai-midimix.json']) {
      const own = { midi: { type: 'cc', channel: 1, number: 19 }, param: 'top_p' };
      const file = path.join(dir, `c-${midiFile}`);
      writeFileSync(file, JSON.stringify({ osc: { mappingFiles: [path.join(PROJECT_ROOT, 'config/midi', midiFile)], mappings: [own] } }));
      const raw = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'config/midi', midiFile), 'utf8')) as { controller: string; mappings: unknown[] };
      expect(raw.controller).toMatch(/nanoKONTROL2|MIDImix/);
      const config = loadConfig({ INKVERSE_CONFIG: file });
      const onCc19 = config.osc.mappings.filter((m) => m.midi?.type === 'cc' && m.midi.number === 19);
      expect(onCc19).toEqual([expect.objectContaining({ param: 'top_p' })]);
      expect(config.osc.mappings.length).toBeGreaterThanOrEqual(raw.mappings.length);
    }
  });

  it('refuses a missing or broken mapping file, naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-midi-files-bad-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ osc: { mappingFiles: ['nowhere.json'] } }));
    const errorOf = (): string => {
      try {
        loadConfig({ INKVERSE_CONFIG: file });
      } catch (err) {
        return `${(err as { code: string }).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    expect(errorOf()).toMatch(/^INKVERSE_E_CONFIG: .*nowhere\.json cannot be read: the file does not exist/);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ version: 1, mappings: [{ midi: { type: 'cc', number: 300 }, param: 'temperature' }] }));
    writeFileSync(file, JSON.stringify({ osc: { mappingFiles: ['bad.json'] } }));
    expect(errorOf()).toMatch(/^INKVERSE_E_CONFIG: .*bad\.json: .*mappings\.0\.midi\.number/);
  });
});
