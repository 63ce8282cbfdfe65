/**
 * /console in real Chromium against a real installation: without the token it is read-only and the
 * server refuses its actions; with the token (typed once, kept in localStorage) sliders change the
 * server's parameters, and changes made elsewhere move the sliders; the presets panel recalls and saves presets.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { TEST_TOKEN } from '../../helpers/installation.ts';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite();

/** Moves a slider as a performer would (keyboard), which fires the same input events as a drag. */
async function nudge(page: Page, name: string, key: 'ArrowRight' | 'ArrowLeft', times: number): Promise<void> {
  await page.focus(`#param-${name}`);
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

describe('/console without the token', () => {
  it('shows unauthorized, and the server refuses its actions', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`);
    await waitForBodyData(page, 'connection', 'unauthorized', 10_000);
    const before = s.inst.params.get('temperature');
    await nudge(page, 'temperature', 'ArrowRight', 5);
    await expect.poll(() => page.textContent('.param[data-name="temperature"] .param-note')).toMatch(/token/i);
    expect(s.inst.params.get('temperature')).toBe(before);
    // Once the hand is off, the slider goes back to the value the server holds.
    await expect.poll(async () => Number(await page.inputValue('#param-temperature'))).toBeCloseTo(Number(before), 5);

    const verse = s.inst.loop.current()?.start.id;
    await page.click('#skip');
    await expect.poll(() => page.textContent('#live-note')).toMatch(/token/i);
    if (verse) expect(s.inst.loop.current()?.start.id ?? verse).toBe(verse);
    expect(errors).toEqual([]);
  });
});

describe('/console with the token', () => {
  it('connects with the typed token, has a slider per engine parameter, and a slider changes the server', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`);
    await waitForBodyData(page, 'connection', 'unauthorized', 10_000);
    await page.fill('#token', TEST_TOKEN);
    await page.click('#token-form button[type="submit"]');
    await waitForBodyData(page, 'connection', 'connected', 10_000);

    const names = await page.locator('#params .param').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name));
    expect(names).toEqual(ENGINE_PARAMS.map((p) => p.name));
    for (const spec of ENGINE_PARAMS) {
      const slider = page.locator(`#param-${spec.name}`);
      expect(await slider.getAttribute('min')).toBe(String(spec.min));
      expect(await slider.getAttribute('max')).toBe(String(spec.max));
    }

    // Three steps up from wherever the model's defaults put top_k.
    const before = Number(s.inst.params.get('top_k'));
    await nudge(page, 'top_k', 'ArrowRight', 3);
    await expect.poll(() => s.inst.params.get('top_k')).toBe(before + 3);
    expect(await page.textContent('.param[data-name="top_k"] .param-note')).toBe('');

    // A change from elsewhere (OSC, MIDI, a preset) moves the slider.
    s.inst.params.set({ temperature: 1.5 }, 'osc');
    await expect.poll(() => page.inputValue('#param-temperature')).toBe('1.5');
    expect(await page.textContent('.param[data-name="temperature"] .param-value')).toBe('1.50');

    // Out of range for the server: refused, and the refusal is shown beside the slider.
    const maxTokens = s.inst.params.get('max_tokens');
    await page.locator('#param-max_tokens').evaluate((el: HTMLInputElement) => {
      el.max = '9999';
      el.value = '9999';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.textContent('.param[data-name="max_tokens"] .param-note')).toMatch(/max_tokens/);
    expect(s.inst.params.get('max_tokens')).toBe(maxTokens);
    expect(errors).toEqual([]);
  });

  it('remembers the token, picks scenes, queues a performer prompt and shows status', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: (p) => p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN),
    });
    await waitForBodyData(page, 'connection', 'connected', 10_000);
    await expect.poll(() => page.textContent('#status dd[data-key="model"]')).toBe('tang-poet-zh');

    await page.selectOption('[id="param-scene.text.theme"]', 'paper');
    await expect.poll(() => s.inst.scene.snapshot().params['scene.text.theme']).toBe('paper');

    await page.fill('#prompt', '明月照高楼');
    await page.click('#prompt-form button');
    await expect.poll(() => page.textContent('#live-note')).toMatch(/Queued at position 1/);
    expect(errors).toEqual([]);
  });
});

describe('/console MIDI', () => {
  it('without Web MIDI, "Connect MIDI" explains instead of failing', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`);
    await page.evaluate(() => delete (navigator as { requestMIDIAccess?: unknown }).requestMIDIAccess);
    await page.click('#midi-connect');
    await expect.poll(() => page.textContent('#midi-note')).toMatch(/MIDI/);
    expect(errors).toEqual([]);
  });

  it('forwards controller messages and learns a mapping from the next control moved', async () => {
    // What the console sends, as the server receives it.
    const received: Array<[string, unknown]> = [];
    s.inst.io.of('/console').on('connection', (socket) => socket.onAny((event: string, payload: unknown) => received.push([event, payload])));
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: async (p) => {
        await p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN);
        // A stand-in for a USB fader box: headless Chromium has no Web MIDI devices.
        await p.addInitScript(() => {
          const input = { id: 'fake-1', name: 'Fake Fader Box', onmidimessage: null as null | ((e: { data: Uint8Array }) => void) };
          (window as unknown as { fakeMidi: typeof input }).fakeMidi = input;
          (navigator as unknown as { requestMIDIAccess: () => Promise<unknown> }).requestMIDIAccess = async () => ({
            inputs: new Map([[input.id, input]]),
            outputs: new Map(),
            onstatechange: null,
          });
        });
      },
    });
    await waitForBodyData(page, 'connection', 'connected', 10_000);
    await page.click('#midi-connect');
    await expect.poll(() => page.textContent('#midi-note')).toContain('Fake Fader Box');

    const learn = page.locator('.param[data-name="temperature"] button.learn');
    await learn.click();
    expect(await learn.getAttribute('aria-pressed')).toBe('true');
    const send = (bytes: number[]): Promise<void> =>
      page.evaluate((b) => (window as unknown as { fakeMidi: { onmidimessage: (e: { data: Uint8Array }) => void } }).fakeMidi.onmidimessage({ data: new Uint8Array(b) }), bytes);
    await send([0xf8]); // clock: neither forwarded nor learned
    await send([0xb0, 7, 100]); // CC 7 on channel 1

    await expect.poll(() => received.filter(([e]) => e === 'mapping:save').length).toBe(1);
    expect(received.find(([e]) => e === 'mapping:save')?.[1]).toMatchObject({ midi: { type: 'cc', channel: 1, number: 7 }, param: 'temperature' });
    // The forward and the learned mapping travel separately: wait for both rather than assume their order.
    await expect.poll(() => received.filter(([e]) => e === 'midi:message').map(([, p]) => p)).toEqual([{ data: [0xb0, 7, 100] }]);
    expect(await learn.getAttribute('aria-pressed')).toBe('false');

    // The server saved the mapping and lists it; the fader now drives temperature through the shared mapping layer.
    await expect.poll(() => page.textContent('#mappings')).toContain('cc 1/7 → temperature');
    await expect.poll(() => page.textContent('#midi-note')).toContain('Learned');
    await send([0xb0, 7, 127]);
    await expect.poll(() => s.inst.params.get('temperature')).toBe(2);
    await expect.poll(() => page.inputValue('#param-temperature')).toBe('2');
    // The activity monitor shows the controller traffic the server saw.
    await expect.poll(() => page.locator('#activity li[data-source="midi"]').count()).toBeGreaterThan(0);
    expect(await page.textContent('#activity')).toContain('cc 1/7');
    expect(errors).toEqual([]);
  });
});

describe('/console model switch', () => {
  it('lists the installed models with their cards\' first sentence, and switches to the artist voice without a restart', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: (p) => p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN),
    });
    await waitForBodyData(page, 'connection', 'connected', 10_000);
    await expect.poll(() => page.getAttribute('#model-info', 'data-current')).toBe('tang-poet-zh');
    const options = await page.locator('#model option').evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? '', disabled: (e as HTMLOptionElement).disabled })));
    expect(options.find((o) => o.value === 'li-shangyin-zh')).toMatchObject({ disabled: false, text: expect.stringContaining('Example artist voice, for the tests') });
    expect(options.find((o) => o.value === 'tang-poet-zh')?.text).toContain('(writing)');
    expect(options.find((o) => o.value === 'verse-en')?.disabled).toBe(true); // another language than the installation's

    const starts: Array<{ model: string }> = [];
    s.inst.loop.events.on('verse:start', (v) => starts.push(v));
    await page.selectOption('#model', 'li-shangyin-zh');
    await page.click('#model-form button');
    await expect.poll(() => page.textContent('#model-note'), { timeout: 180_000 }).toBe('"li-shangyin-zh" writes the next verse.');
    await expect.poll(() => page.getAttribute('#model-info', 'data-current')).toBe('li-shangyin-zh');
    await expect.poll(() => starts.at(-1)?.model, { timeout: 120_000 }).toBe('li-shangyin-zh');
    await expect.poll(() => page.textContent('#status dd[data-key="model"]'), { timeout: 10_000 }).toBe('li-shangyin-zh');
    expect(errors).toEqual([]);
  }, 300_000);
});

describe('/console presets', () => {
  it('lists the presets, recalls one into the server, and saves the current parameters as a new one', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: (p) => p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN),
    });
    await waitForBodyData(page, 'connection', 'connected', 10_000);
    expect(await page.textContent('#presets-panel h2')).toBe('Presets');
    const options = (): Promise<string[]> => page.locator('#preset option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    await expect.poll(options).toEqual(s.inst.presets.names());
    expect(await options()).toEqual(expect.arrayContaining(['calm', 'wild', 'classic']));

    const wild = s.inst.presets.get('wild')!.params;
    await page.selectOption('#preset', 'wild');
    await page.fill('#fade', '0');
    await page.click('#preset-form button[type="submit"]');
    await expect.poll(() => page.textContent('#preset-note')).toBe('Recalling "wild" over 0 s.');
    await expect.poll(() => s.inst.params.get('temperature')).toBe(wild.temperature);
    expect(s.inst.params.get('tempo')).toBe(wild.tempo);

    await page.fill('#preset-name', 'late night');
    await page.click('#preset-save-form button[type="submit"]');
    await expect.poll(() => page.textContent('#preset-note')).toBe('Saved "late night".');
    await expect.poll(options).toContain('late night');
    expect(s.inst.presets.get('late night')?.params.temperature).toBe(wild.temperature);
    expect(errors).toEqual([]);
  });
});
