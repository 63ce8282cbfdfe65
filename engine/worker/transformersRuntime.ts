/**
 * @module transformersRuntime: @huggingface/transformers as the generator worker loads it: without sharp. The library
 * imports sharp (libvips, for images) when it loads; inkverse never hands it an image, and sharp cost the worker about
 * 10 MB of RSS (measured: library import 80 -> 70 MB, after a first generation 124 -> 115 MB). The worker takes the
 * library's CommonJS build with `sharp` answered from the require cache by a stub that refuses images; every worker
 * module imports the library's values from here, so they share that one instance.
 */
import { createRequire } from 'node:module';
import type * as Transformers from '@huggingface/transformers';

const require = createRequire(import.meta.url);

function withoutSharp(): typeof Transformers {
  // sharp as the library itself resolves it (from its own folder).
  const sharp = createRequire(require.resolve('@huggingface/transformers')).resolve('sharp');
  const refuse = (): never => {
    throw new Error('inkverse loads @huggingface/transformers without sharp: images are not supported in the generator worker.');
  };
  require.cache[sharp] ??= { id: sharp, filename: sharp, loaded: true, exports: refuse, children: [], paths: [] } as unknown as NodeJS.Module;
  return require('@huggingface/transformers') as typeof Transformers;
}

const transformers = withoutSharp();
export const { AutoModelForCausalLM, AutoTokenizer, DynamicCache, Tensor, env } = transformers;
export type Tensor = Transformers.Tensor;
