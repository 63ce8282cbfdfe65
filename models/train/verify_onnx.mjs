#!/usr/bin/env node
/**
 * @module models/train/verify_onnx
 * Checks an exported decoder graph against the torch model's logits (job file written by
 * export.py): runs a first step with an empty KV cache, then a second step on the cache,
 * exactly as transformers.js drives a gpt2 model, and compares with one full forward.
 * Exit 1 when the max |difference| exceeds the job's tolerance (tol null: report only).
 *
 * Usage: node models/train/verify_onnx.mjs JOB.json
 */
import fs from 'node:fs';
import * as ort from 'onnxruntime-node';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const session = await ort.InferenceSession.create(job.model);
const { n_layer: L, n_head: H, head_dim: D, ids, split } = job;

const i64 = (arr, dims) => new ort.Tensor('int64', BigInt64Array.from(arr.map(BigInt)), dims);
let past = {};
for (let i = 0; i < L; i++) {
  for (const kv of ['key', 'value']) past[`past_key_values.${i}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, H, 0, D]);
}
const logits = [];
let done = 0;
for (const chunk of [ids.slice(0, split), ids.slice(split)]) {
  const T = chunk.length;
  const feeds = {
    input_ids: i64(chunk, [1, T]),
    attention_mask: i64(new Array(done + T).fill(1), [1, done + T]),
    position_ids: i64(chunk.map((_, k) => done + k), [1, T]),
    ...past,
  };
  const out = await session.run(feeds);
  const V = out.logits.dims[2];
  for (let t = 0; t < T; t++) logits.push(out.logits.data.subarray(t * V, (t + 1) * V));
  past = {};
  for (let i = 0; i < L; i++) {
    for (const kv of ['key', 'value']) past[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`];
  }
  done += T;
}
let maxDiff = 0;
let argmaxAgree = 0;
for (let t = 0; t < ids.length; t++) {
  const e = job.expected[t];
  const g = logits[t];
  let ae = 0;
  let ag = 0;
  for (let v = 0; v < e.length; v++) {
    maxDiff = Math.max(maxDiff, Math.abs(e[v] - g[v]));
    if (e[v] > e[ae]) ae = v;
    if (g[v] > g[ag]) ag = v;
  }
  if (ae === ag) argmaxAgree++;
}
const ok = job.tol == null || maxDiff <= job.tol;
console.log(`verify ${job.model}: max |logit diff| ${maxDiff.toExponential(2)}, argmax agrees ${argmaxAgree}/${ids.length} ${ok ? 'OK' : 'FAIL'}`);
process.exit(ok ? 0 : 1);
