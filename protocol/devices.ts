/** @module devices: the inference devices and weight dtypes an installation may ask for, declared once. */

/** `auto` measures the available devices at warm-up and keeps the fastest. */
export const DEVICES = ['auto', 'cpu', 'webgpu', 'cuda'] as const;
export type Device = (typeof DEVICES)[number];

/** `auto` takes the model's own choice (its `transformers.js_config.dtype`), else fp32. */
export const DTYPES = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'q4'] as const;
export type Dtype = (typeof DTYPES)[number];
