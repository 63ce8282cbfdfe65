/** @module bench/generation: decode speed of each shipped model and weight variant through the real worker generator. */
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import { ModelRegistry, applyTemplate } from '../engine/modelRegistry.ts';
import { ParamStore } from '../engine/paramStore.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { StoreParamReader } from '../engine/paramReader.ts';
import { PROJECT_ROOT } from '../config/loadConfig.ts';
import path from 'node:path';

export interface GenerationRow {
  model: string;
  dtype: string;
  loadMs: number;
  firstTokenMs: number;
  tokensPerSecond: number;
  tokens: number;
}

export async function benchGeneration(verses = 5): Promise<GenerationRow[]> {
  const registry = new ModelRegistry(path.join(PROJECT_ROOT, 'models'));
  const rows: GenerationRow[] = [];
  for (const name of registry.names()) {
    const model = registry.get(name);
    for (const dtype of model.dtypes) {
      const params = new ParamStore(ENGINE_PARAMS, { initial: { tempo: 0, max_tokens: 96 } });
      const generator = new TransformersGenerator({ model, device: 'cpu', dtype, params: new StoreParamReader(params) });
      const t0 = performance.now();
      await generator.load();
      const loadMs = performance.now() - t0;
      let tokens = 0;
      let ms = 0;
      const firsts: number[] = [];
      for (let i = 0; i < verses; i++) {
        const start = performance.now();
        let first = true;
        for await (const _ of generator.generate({ input: applyTemplate(model, model.language === 'zh' ? '秋风' : 'The sea'), body: '', seed: i + 1 })) {
          if (first) firsts.push(performance.now() - start);
          first = false;
          tokens++;
        }
        ms += performance.now() - start;
      }
      await generator.close();
      rows.push({
        model: name,
        dtype,
        loadMs: Math.round(loadMs),
        firstTokenMs: Math.round(firsts.reduce((a, b) => a + b, 0) / firsts.length),
        tokensPerSecond: Math.round((tokens / ms) * 1000 * 10) / 10,
        tokens,
      });
    }
  }
  return rows;
}
