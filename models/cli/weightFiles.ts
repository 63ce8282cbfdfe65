/**
 * @module models/cli/weightFiles: the ONNX weight file transformers.js loads for each dtype an installation
 * config accepts (`onnx/model<suffix>.onnx`). The model tools fetch and hash exactly these files.
 */
import type { Dtype } from '../../config/schema.ts';

export type WeightDtype = Exclude<Dtype, 'auto'>;

export const WEIGHT_FILES: Record<WeightDtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  q4: 'model_q4.onnx',
};
