#!/usr/bin/python3
"""Model card writer: models/<name>/README.md from the spec, the checkpoint's training record
and (when present) the generation check that check.mjs writes to <data>/check.json.

The "Measured quality" section is owned by `npm run models:eval`: whatever sits between the
EVAL_BEGIN / EVAL_END markers in an existing card is carried over on re-export.
"""
import json
import math
import os
import re

EVAL_BEGIN = '<!-- models:eval:begin -->'
EVAL_END = '<!-- models:eval:end -->'
EVAL_PLACEHOLDER = '_Not measured yet: `npm run models:eval` fills this section._'


def _fmt_int(n):
    return f'{int(n):,}'


def write_card(out, spec, state, n_params, ship):
    hp = state['hparams']
    hist = state.get('history', [])
    full = [h for h in hist if h.get('full')]
    last = full[-1] if full else (hist[-1] if hist else None)
    ppl = f'{math.exp(last["val_loss"]):.1f} (loss {last["val_loss"]:.3f} nats/char' + (
        ', full held-out set)' if full else ', sampled held-out windows)') if last else 'not measured'
    here = os.path.dirname(os.path.abspath(__file__))
    check_path = os.path.join(here, spec['data'], 'check.json')
    check = json.load(open(check_path, encoding='utf-8')) if os.path.exists(check_path) else None

    old_eval = EVAL_PLACEHOLDER
    card_path = os.path.join(out, 'README.md')
    if os.path.exists(card_path):
        m = re.search(re.escape(EVAL_BEGIN) + r'\n(.*?)\n' + re.escape(EVAL_END), open(card_path, encoding='utf-8').read(), re.S)
        if m:
            old_eval = m.group(1)

    ink = spec['inkverse']
    c = spec['card']
    files = 'onnx/model.onnx (fp32)' if ship == 'fp32' else (
        'onnx/model_quantized.onnx (int8 dynamic quantization; config.json sets transformers.js dtype q8)'
        if ship == 'q8' else 'onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8, dtype q8)')
    lines = [
        f'# {spec["name"]}',
        '',
        spec['description'],
        '',
        '## Model',
        '',
        f'- Architecture: GPT-2-shaped char-level decoder (pre-LayerNorm, learned positions, GELU, tied embeddings), '
        f'written in `models/train/gpt.py`, trained from scratch.',
        f'- Size: {hp["n_layer"]} layers, {hp["n_head"]} heads, width {hp["n_embd"]}, context {hp["n_positions"]} characters, '
        f'vocabulary {len(state["vocab"]):,} (characters seen {hp["min_count"]}+ times in the training split, plus `<|endoftext|>` and `<unk>`).',
        f'- Parameters: {_fmt_int(n_params)}.',
        f'- Files: {files}; KV cache inputs `past_key_values.N.key|value`, outputs `present.N.key|value` '
        f'(batch x heads x length x head_dim). Positions past {hp["n_positions"] - 1} are clamped: keep prompt + output within '
        f'{hp["n_positions"]} tokens.',
        '',
        '## Corpus and licence',
        '',
        f'- Corpus: {c["corpus"]}',
        f'- Licence: {c["licence"]}',
        f'- Prompt format: {c["promptFormat"]}',
        f'- Engine settings (`inkverse.json`): prompt template `{json.dumps(ink["promptTemplate"], ensure_ascii=False)}` '
        f'(mode `{ink.get("promptMode", "title")}`), '
        f'sampling {json.dumps(ink["sampling"])}.',
        '',
        '## Training',
        '',
        f'- Command: `npm run models:train -- {spec["name"]} --minutes {state.get("budget_minutes", "?")}`'
        f' (prepare -> train -> export; see models/train/README.md).',
        f'- Training split: {_fmt_int(state.get("train_tokens", 0))} tokens; held-out: {_fmt_int(state.get("val_tokens", 0))} tokens '
        f'(seeded split, seed {hp["seed"]}).',
        f'- Settings: AdamW (betas 0.9/0.99, weight decay {hp["weight_decay"]}), peak learning rate {hp["lr"]}, warm-up then cosine '
        f'over the time budget, batch {hp["batch"]} x {hp["n_positions"]} characters, dropout {hp["dropout"]}, seed {hp["seed"]}, '
        f'on 2 CPU cores shared with other work (torch {__import__("torch").__version__}, 1 or 2 threads chosen by measured speed).',
        f'- Ran: {_fmt_int(state["step"])} steps, {state["elapsed"] / 60:.1f} minutes, {_fmt_int(state["tokens"])} tokens seen '
        f'({state["tokens"] / max(1, state.get("train_tokens", 1)):.2f} epochs).',
        f'- Held-out perplexity (per character): {ppl}.',
        '',
    ]
    if check:
        lines += [
            '## Generation check (models/train/check.mjs, at export)',
            '',
            f'- Prompt `{check["prompt"]}`, {check["samples"]} samples, seed {check["seed"]}, dtype {check["dtype"]}, '
            f'sampling {json.dumps(check["sampling"])}.',
        ]
        if check.get('lineLengthShare') is not None:
            lines.append(f'- Lines of 5 or 7 characters: {check["lineLengthShare"] * 100:.1f}% of {check["lines"]} generated lines.')
        lines += [
            f'- Lines found verbatim in the corpus index: {check["verbatimShare"] * 100:.1f}% of {check["indexedLines"]} checkable lines.',
            f'- Speed on this machine: load {check["loadMs"]:.0f} ms, {check["tokensPerSecond"]:.0f} tokens/s.',
            f'- Example: `{check["example"]}`',
            '',
        ]
    if c.get('notes'):
        lines += ['## Notes', ''] + [f'- {n}' for n in c['notes']] + ['']
    lines += [
        '## Measured quality',
        '',
        EVAL_BEGIN,
        old_eval,
        EVAL_END,
        '',
    ]
    with open(card_path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))


if __name__ == '__main__':
    # Re-render a card after check.mjs has written check.json:
    #   /usr/bin/python3 models/train/card.py specs/NAME.json
    import sys
    import torch
    spec = json.load(open(sys.argv[1], encoding='utf-8'))
    here = os.path.dirname(os.path.abspath(__file__))
    st = torch.load(os.path.join(here, spec['data'], 'ckpt.pt'), map_location='cpu')
    out = os.path.abspath(os.path.join(here, '..', spec['name']))
    cfg = json.load(open(os.path.join(out, 'config.json')))
    ship = 'q8' if cfg.get('transformers.js_config', {}).get('dtype') == 'q8' else (
        'both' if os.path.exists(os.path.join(out, 'onnx', 'model_quantized.onnx')) else 'fp32')
    from gpt import GPT
    hp = st['hparams']
    n = GPT(len(st['vocab']), hp['n_layer'], hp['n_head'], hp['n_embd'], hp['n_positions']).num_params()
    write_card(out, spec, st, n, ship)
    print(f'card -> {out}/README.md')
