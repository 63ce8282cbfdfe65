/**
 * @module bench/gpu: decode on `webgpu` and `cuda` beside `cpu`, and which device `auto` picks. It loads the shipped
 * Tang model with `device: auto` (engine/worker/deviceSelection.ts: each device that may work is loaded and timed on
 * a short greedy run) and reports each trial. A device that could not load is reported `unavailable: <reason>`.
 */
import path from 'node:path';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { ModelRegistry } from '../engine/modelRegistry.ts';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import type { BenchDefinition, Figure } from './benchDefinition.ts';

const DEVICES = ['cpu', 'webgpu', 'cuda'] as const;

/** `npm run bench -- gpu`. */
export const bench: BenchDefinition = {
  async run({ log }) {
    const model = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get('tang-poet-zh');
    const params = engineSurface({ tempo: 0 });
    const generator = new TransformersGenerator({ model, device: 'auto', dtype: 'auto', params });
    try {
      await generator.load();
    } finally {
      await generator.close();
      params.dispose();
    }
    const trials = generator.info.devices;
    log(`auto picked ${generator.info.device}: ${JSON.stringify(trials)}`);
    const figures: Record<string, Figure> = { gpu_auto_device: generator.info.device };
    for (const d of DEVICES) {
      const t = trials.find((x) => x.device === d);
      figures[`gpu_${d}_greedy_tokens_per_s`] = !t ? 'unavailable: not tried (no provider installed)' : t.ok ? (t.tokensPerSecond ?? NaN) : `unavailable: ${t.reason ?? 'failed'}`;
    }
    return {
      figures,
      markdown: [
        `## Devices: what \`auto\` measured (tang-poet-zh, ${generator.info.dtype}, 24-token greedy run each)`,
        '',
        '| device | greedy tokens/s |',
        '| --- | --- |',
        ...DEVICES.map((d) => `| ${d}${d === generator.info.device ? ' (picked by auto)' : ''} | ${figures[`gpu_${d}_greedy_tokens_per_s`]} |`),
      ],
    };
  },
};
