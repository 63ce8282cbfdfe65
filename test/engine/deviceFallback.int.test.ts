import { describe, expect, it } from 'vitest';
import { collect, realGenerator } from '../helpers/realModel.ts';

// The CUDA provider is never installed by this project (`.npmrc`: onnxruntime-node-install=skip), so a
// CUDA request fails on every machine that installed it as the README says: the fallback path runs everywhere.
describe('device choice and fallback (real worker; CUDA provider not installed)', () => {
  it('a GPU device that cannot start falls back to the CPU, records the reason and writes', async () => {
    const { generator } = realGenerator('tang-poet-zh', {}, 'cuda');
    try {
      await generator.load();
      expect(generator.info.state).toBe('ready');
      expect(generator.info.device).toBe('cpu');
      expect(generator.info.devices[0]).toMatchObject({ device: 'cuda', ok: false, reason: expect.stringMatching(/\w/) });
      expect(generator.info.devices.at(-1)).toMatchObject({ device: 'cpu', ok: true });
      const tokens = await collect(generator.generate({ input: '明月\n', body: '', seed: 1 }));
      expect(tokens.length).toBeGreaterThan(5);
    } finally {
      await generator.close();
    }
  });

  it('auto measures every device that starts and keeps the fastest', async () => {
    const { generator } = realGenerator('tang-poet-zh', {}, 'auto');
    try {
      await generator.load();
      const ok = generator.info.devices.filter((t) => t.ok);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(ok.every((t) => typeof t.tokensPerSecond === 'number' && t.tokensPerSecond > 0)).toBe(true);
      const fastest = ok.reduce((a, b) => (b.tokensPerSecond! > a.tokensPerSecond! ? b : a));
      expect(generator.info.device).toBe(fastest.device);
    } finally {
      await generator.close();
    }
  });
});
