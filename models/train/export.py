#!/usr/bin/python3
"""Export a trained checkpoint as a model folder that @huggingface/transformers v4 loads
offline (`pipeline('text-generation', name)` with env.allowRemoteModels = false).

Writes into --out (default models/<name>/):
  config.json             model_type gpt2, sizes, special token ids, transformers.js_config
  tokenizer.json          char-level: WordLevel + Split(regex ".", isolated) + Fuse decoder
  tokenizer_config.json, generation_config.json
  onnx/model.onnx         fp32 graph with KV cache (past_key_values.N.key|value -> present.N.*)
  onnx/model_quantized.onnx  int8 dynamic-quantized variant (quantize.py), when --dtype wants it
  inkverse.json           what the inkverse engine's registry reads (from specs/<name>.json)
  corpus-lines.u32        originality index (corpus_index.py)
  README.md               model card (card.py)

Usage: /usr/bin/python3 models/train/export.py --spec models/train/specs/tang-poet-zh.json
       [--ckpt PATH] [--out DIR] [--dtype fp32|q8|both]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gpt import GPT, KVWrapper  # noqa: E402
import corpus_index  # noqa: E402

import card  # noqa: E402

EOS, UNK = '<|endoftext|>', '<unk>'


def load_jsonl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def export_onnx(model, path, opset=14):
    cfg = model.config
    L, H, C = cfg['n_layer'], cfg['n_head'], cfg['n_embd']
    D = C // H
    wrapper = KVWrapper(model).eval()
    # Trace with a non-empty past and a 2-token step so every dynamic axis is exercised.
    past_len, T = 3, 2
    ids = torch.randint(0, cfg['vocab_size'], (1, T))
    mask = torch.ones(1, past_len + T, dtype=torch.long)
    pos = torch.arange(past_len, past_len + T)[None]
    past = [torch.zeros(1, H, past_len, D) for _ in range(2 * L)]
    past_names, present_names = [], []
    for i in range(L):
        past_names += [f'past_key_values.{i}.key', f'past_key_values.{i}.value']
        present_names += [f'present.{i}.key', f'present.{i}.value']
    dyn = {'input_ids': {0: 'batch_size', 1: 'sequence_length'},
           'attention_mask': {0: 'batch_size', 1: 'total_sequence_length'},
           'position_ids': {0: 'batch_size', 1: 'sequence_length'},
           'logits': {0: 'batch_size', 1: 'sequence_length'}}
    for n in past_names:
        dyn[n] = {0: 'batch_size', 2: 'past_sequence_length'}
    for n in present_names:
        dyn[n] = {0: 'batch_size', 2: 'total_sequence_length'}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        # Constant folding off: it would bake the transposed, tied output embedding into a
        # second copy of the largest weight.  fold_transposes() below folds the rest.
        torch.onnx.export(wrapper, (ids, mask, pos, *past), path, opset_version=opset,
                          input_names=['input_ids', 'attention_mask', 'position_ids', *past_names],
                          output_names=['logits', *present_names], dynamic_axes=dyn,
                          do_constant_folding=False)
    m = onnx.load(path)
    fold_transposes(m)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return m


def fold_transposes(m):
    """Replace Transpose(initializer) by a transposed initializer when nothing else uses the
    original, so Linear weights are stored once, already in MatMul's (in, out) layout."""
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    uses = {}
    for n in g.node:
        for x in n.input:
            uses[x] = uses.get(x, 0) + 1
    keep = []
    for n in g.node:
        if n.op_type == 'Transpose' and n.input[0] in inits and uses[n.input[0]] == 1:
            w = numpy_helper.to_array(inits[n.input[0]])
            perm = [a.ints for a in n.attribute if a.name == 'perm']
            wt = np.ascontiguousarray(np.transpose(w, perm[0] if perm else None))
            g.initializer.remove(inits[n.input[0]])
            g.initializer.append(numpy_helper.from_array(wt, n.output[0]))
            continue
        keep.append(n)
    del g.node[:]
    g.node.extend(keep)


def tokenizer_json(vocab):
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [
            {'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
             'normalized': False, 'special': True} for i, t in enumerate(vocab[:2])
        ],
        'normalizer': None,
        # "." does not match "\n"; with Isolated behaviour the unmatched newline still comes out
        # as its own piece, which the corpora guarantee is a single "\n".
        'pre_tokenizer': {'type': 'Split', 'pattern': {'Regex': '.'}, 'behavior': 'Isolated', 'invert': False},
        'post_processor': None,
        'decoder': {'type': 'Fuse'},
        'model': {'type': 'WordLevel', 'vocab': {t: i for i, t in enumerate(vocab)}, 'unk_token': UNK},
    }


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write('\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--spec', required=True)
    ap.add_argument('--ckpt', default=None)
    ap.add_argument('--out', default=None)
    ap.add_argument('--dtype', default=None, choices=['fp32', 'q8', 'both'],
                    help='which ONNX files to ship (default: spec "ship", else fp32)')
    args = ap.parse_args()

    spec = json.load(open(args.spec, encoding='utf-8'))
    data = os.path.join(HERE, spec['data'])
    ckpt_path = args.ckpt or os.path.join(data, 'ckpt.pt')
    out = args.out or os.path.join(HERE, '..', spec['name'])
    out = os.path.abspath(out)
    ship = args.dtype or spec.get('ship', 'fp32')
    os.makedirs(os.path.join(out, 'onnx'), exist_ok=True)

    state = torch.load(ckpt_path, map_location='cpu')
    vocab, hp = state['vocab'], state['hparams']
    model = GPT(len(vocab), hp['n_layer'], hp['n_head'], hp['n_embd'], hp['n_positions'], 0.0)
    model.load_state_dict(state['model'])
    model.eval()

    fp32_path = os.path.join(out, 'onnx', 'model.onnx')
    q8_path = os.path.join(out, 'onnx', 'model_quantized.onnx')
    export_onnx(model, fp32_path)
    verify(model, fp32_path, hp, tol=1e-3)
    if ship in ('q8', 'both'):
        import quantize  # only needed for int8
        quantize.quantize_file(fp32_path, q8_path)
        verify(model, q8_path, hp, tol=None)  # int8: report, don't fail
    elif os.path.exists(q8_path):
        os.remove(q8_path)
    if ship == 'q8':
        os.remove(fp32_path)

    eos_id = 0
    config = {
        'architectures': ['GPT2LMHeadModel'],
        'model_type': 'gpt2',
        'vocab_size': len(vocab),
        'n_layer': hp['n_layer'],
        'n_head': hp['n_head'],
        'n_embd': hp['n_embd'],
        'n_positions': hp['n_positions'],
        'n_ctx': hp['n_positions'],
        'n_inner': 4 * hp['n_embd'],
        'activation_function': 'gelu',
        'layer_norm_epsilon': 1e-5,
        'tie_word_embeddings': True,
        'bos_token_id': eos_id,
        'eos_token_id': eos_id,
        'pad_token_id': eos_id,
        'use_cache': True,
    }
    if ship == 'q8':
        config['transformers.js_config'] = {'dtype': 'q8'}
    write_json(os.path.join(out, 'config.json'), config)
    write_json(os.path.join(out, 'tokenizer.json'), tokenizer_json(vocab))
    write_json(os.path.join(out, 'tokenizer_config.json'), {
        'tokenizer_class': 'PreTrainedTokenizer',
        'bos_token': EOS, 'eos_token': EOS, 'pad_token': EOS, 'unk_token': UNK,
        'add_bos_token': False, 'add_eos_token': False,
        'model_max_length': hp['n_positions'],
        'clean_up_tokenization_spaces': False,
    })
    s = spec['inkverse']['sampling']
    write_json(os.path.join(out, 'generation_config.json'), {
        'bos_token_id': eos_id, 'eos_token_id': eos_id, 'pad_token_id': eos_id,
        'do_sample': True, 'temperature': s['temperature'], 'top_k': s['top_k'], 'top_p': s['top_p'],
        'repetition_penalty': s['repetition_penalty'], 'max_new_tokens': s['max_tokens'],
    })
    ink = {'name': spec['name'], 'language': spec['language'], 'description': spec['description']}
    ink.update(spec['inkverse'])
    ink['contextLength'] = hp['n_positions']
    write_json(os.path.join(out, 'inkverse.json'), ink)

    rows = load_jsonl(os.path.join(data, 'train.jsonl')) + load_jsonl(os.path.join(data, 'val.jsonl'))
    texts = [r.get('poem', r['text']) for r in rows]  # titles are not verse lines
    hashes = corpus_index.build(texts, set(spec['inkverse']['lineBreaks']), spec['language'])
    corpus_index.write(os.path.join(out, 'corpus-lines.u32'), hashes)

    card.write_card(out, spec, state, model.num_params(), ship)
    sizes = {f: os.path.getsize(os.path.join(out, f)) for f in ['onnx/model.onnx', 'onnx/model_quantized.onnx',
                                                               'tokenizer.json', 'corpus-lines.u32']
             if os.path.exists(os.path.join(out, f))}
    print(f'exported {spec["name"]} ({ship}) -> {out}: ' + ', '.join(f'{k} {v / 1e6:.2f} MB' for k, v in sizes.items())
          + f' | {len(hashes):,} corpus line hashes', flush=True)


def verify(model, path, hp, tol):
    """Compare the ONNX graph (run by onnxruntime-node through verify_onnx.mjs, since the
    Python onnxruntime is not installable here) with the torch model: a 6-token first step
    with an empty past, then a 4-token step on the cache, against one full torch forward."""
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(2, model.config['vocab_size'], (1, 10), generator=g)
    with torch.no_grad():
        ref = model(ids)[0]
    job = {'model': path, 'n_layer': hp['n_layer'], 'n_head': hp['n_head'],
           'head_dim': hp['n_embd'] // hp['n_head'], 'ids': ids[0].tolist(), 'split': 6,
           'expected': ref.numpy().astype(float).round(5).tolist(), 'tol': tol}
    job_path = path + '.verify.json'
    with open(job_path, 'w') as f:
        json.dump(job, f)
    try:
        rc = subprocess.call(['node', os.path.join(HERE, 'verify_onnx.mjs'), job_path])
    finally:
        os.remove(job_path)
    if rc != 0:
        raise SystemExit(f'ONNX verification failed for {path}')


if __name__ == '__main__':
    main()
