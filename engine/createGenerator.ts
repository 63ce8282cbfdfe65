/**
 * @module createGenerator: the one factory of real generator backends, by the spec's `backend`.
 */
import { InkverseError } from '../protocol/errors.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { GENERATOR_BACKENDS, type GeneratorFactory } from './generatorBackends.ts';
import { OpenAIGenerator } from './openai/openaiGenerator.ts';
import { TransformersGenerator } from './transformersGenerator.ts';

/** The real backends. Throws `INKVERSE_E_MODEL_LOAD` when the model does not suit the backend. */
export const createGenerator: GeneratorFactory = (spec, params) => {
  switch (spec.backend) {
    case 'transformers':
      return new TransformersGenerator({ model: spec.model, device: spec.device, dtype: spec.dtype, params, threads: spec.threads, blend: spec.blend });
    case 'openai':
      if (!spec.openai) throw new InkverseError('INKVERSE_E_CONFIG', 'The "openai" backend needs an "openai" section with the server\'s "url" and "model".');
      return new OpenAIGenerator({ profile: spec.model, settings: spec.openai, params, clock: spec.clock });
    default:
      throw new InkverseError('INKVERSE_E_MODEL_LOAD', unknownNameMessage('generator backend', String(spec.backend), GENERATOR_BACKENDS));
  }
};
