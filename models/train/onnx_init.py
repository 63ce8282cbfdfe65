"""Weights of a shipped model folder as a train.py starting point (fine-tuning without the original checkpoint).

Reads `<folder>/onnx/model_quantized.onnx` (int8, written by quantize.py) or `<folder>/onnx/model.onnx` (fp32),
undoes the int8 scaling (symmetric, per output column; the tied embedding per row) and returns the vocabulary in
tokenizer.json order, the hyper-parameters from config.json and a GPT state dict. Int8 rounding costs a little
accuracy, which the first fine-tuning steps recover.
"""
import json
import os

import numpy as np
import torch
from onnx import load, numpy_helper


def load_init(folder):
    cfg = json.load(open(os.path.join(folder, 'config.json'), encoding='utf-8'))
    tok = json.load(open(os.path.join(folder, 'tokenizer.json'), encoding='utf-8'))['model']['vocab']
    vocab = [t for t, _ in sorted(tok.items(), key=lambda kv: kv[1])]
    if len(vocab) != cfg['vocab_size']:
        raise SystemExit(f'{folder}: tokenizer has {len(vocab)} tokens, config.json says vocab_size {cfg["vocab_size"]}')
    q8 = os.path.join(folder, 'onnx', 'model_quantized.onnx')
    fp = os.path.join(folder, 'onnx', 'model.onnx')
    path = fp if os.path.exists(fp) else q8
    inits = {i.name: numpy_helper.to_array(i) for i in load(path).graph.initializer}
    sd = {}
    for name, arr in inits.items():
        if name.startswith('gpt.') and not name.startswith('gpt.wte'):
            sd[name[4:]] = torch.tensor(np.array(arr, dtype=np.float32))
    if 'gpt.wte.weight' in inits:
        sd['wte.weight'] = torch.tensor(inits['gpt.wte.weight'])
    else:
        sd['wte.weight'] = torch.tensor(inits['gpt.wte.weight_int8'].astype(np.float32) * inits['gpt.wte.weight_row_scale'])
    for layer in range(cfg['n_layer']):
        for lin in ('c_attn', 'c_proj', 'c_fc', 'mlp_proj'):
            key = f'/h.{layer}/{lin}/Transpose_output_0'
            if key + '_int8' in inits:
                w = inits[key + '_int8'].astype(np.float32) * inits[key + '_scale'][None, :]  # (in, out)
            else:
                w = inits[key]
            sd[f'h.{layer}.{lin}.weight'] = torch.tensor(np.ascontiguousarray(w.T))
    hp = dict(n_layer=cfg['n_layer'], n_head=cfg['n_head'], n_embd=cfg['n_embd'], n_positions=cfg['n_positions'])
    return vocab, hp, sd
