/** @module realModel (test helper): the shipped Tang model behind a real transformers.js worker. */
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { ENGINE_PARAMS, type EngineParams } from '../../engine/engineParams.ts';
import { ModelRegistry, type ModelInfo } from '../../engine/modelRegistry.ts';
import { engineSurface, type ControlSurface } from '../../engine/control/controlSurface.ts';
import type { ParamValues } from '../../protocol/paramSpec.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';

export const registry = new ModelRegistry(path.join(PROJECT_ROOT, 'models'));

export function realGenerator(
  name = 'tang-poet-zh',
  initial: ParamValues = {},
  device: 'auto' | 'cpu' | 'webgpu' | 'cuda' = 'cpu',
): { model: ModelInfo; params: ControlSurface<EngineParams>; generator: TransformersGenerator } {
  const model = registry.get(name);
  const params = engineSurface(initial);
  const generator = new TransformersGenerator({ model, device, dtype: 'auto', params: params });
  return { model, params, generator };
}

/** Collects a whole generation. */
export async function collect(iterable: AsyncIterable<{ text: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const t of iterable) out.push(t.text);
  return out;
}

export const lineLengths = (text: string, breaks = /[，。！？；]/): number[] =>
  text
    .split(breaks)
    .filter((l) => l.length > 0)
    .map((l) => [...l].length);
