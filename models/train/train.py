#!/usr/bin/python3
"""Train a small char-level GPT-2-shaped decoder on a prepared corpus, on CPU.

Reads <data>/train.jsonl and <data>/val.jsonl (one {"text": ...} per line, written by
prepare_tang.mjs / prepare_gcide.py), builds a character vocabulary from the training
split (characters seen at least --min-count times; the rest map to <unk>), and trains
with AdamW under a wall-clock budget.

- Seeded (--seed): same data order and init on every run.
- Time-budgeted: --minutes is the *total* training time, summed across resumes; the
  learning-rate schedule follows the fraction of that budget spent, so a run that is
  stopped and resumed ends where an uninterrupted one would.
- Resumable: a checkpoint is written every --ckpt-seconds, on SIGINT/SIGTERM and at the
  end, atomically (tmp file + rename), to <data>/ckpt.pt; rerunning the same command
  resumes from it.

Run with Debian's interpreter: /usr/bin/python3 (the pyenv python3 has no torch).
"""
import argparse
import json
import math
import os
import signal
import sys
import time
from collections import Counter

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import GPT  # noqa: E402

EOS = '<|endoftext|>'
UNK = '<unk>'


def log(msg):
    print(msg, flush=True)


def load_texts(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line)['text'] for line in f if line.strip()]


def build_vocab(texts, min_count):
    counts = Counter()
    for t in texts:
        counts.update(t)
    chars = sorted(c for c, n in counts.items() if n >= min_count)
    return [EOS, UNK] + chars


def encode_stream(texts, stoi):
    """eos s1 eos s2 eos ...: every sample starts right after an end-of-text token."""
    unk = stoi[UNK]
    ids = [stoi[EOS]]
    for t in texts:
        ids.extend(stoi.get(c, unk) for c in t)
        ids.append(stoi[EOS])
    return torch.tensor(ids, dtype=torch.long)


def lr_at(frac, base, warmup=0.03, floor=0.1):
    if frac < warmup:
        return base * frac / warmup
    p = min(1.0, (frac - warmup) / (1 - warmup))
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * p)))


@torch.no_grad()
def evaluate(model, stream, ctx, max_windows=None, batch=32):
    """Mean next-char loss over non-overlapping windows of the held-out stream (in fp32)."""
    model.eval()
    device = next(model.parameters()).device
    n = (len(stream) - 1) // ctx
    if max_windows:
        n = min(n, max_windows)
    total, count = 0.0, 0
    for s in range(0, n, batch):
        rows = range(s, min(n, s + batch))
        x = torch.stack([stream[r * ctx:(r + 1) * ctx] for r in rows])
        y = torch.stack([stream[r * ctx + 1:(r + 1) * ctx + 1] for r in rows])
        _, loss = model(x.to(device), y.to(device))
        total += loss.item() * y.numel()
        count += y.numel()
    model.train()
    return total / max(1, count)


def _to_cpu_bytes(obj):
    import io
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return buf


def save_atomic(obj, path):
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True, help='folder with train.jsonl / val.jsonl')
    ap.add_argument('--ckpt', default=None, help='checkpoint path (default <data>/ckpt.pt)')
    ap.add_argument('--minutes', type=float, default=30.0, help='total training time budget')
    ap.add_argument('--n-layer', type=int, default=4)
    ap.add_argument('--n-head', type=int, default=4)
    ap.add_argument('--n-embd', type=int, default=256)
    ap.add_argument('--ctx', type=int, default=128, help='context length = n_positions')
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup', type=float, default=0.03, help='share of the budget the learning rate warms up over')
    ap.add_argument('--weight-decay', type=float, default=0.1)
    ap.add_argument('--dropout', type=float, default=0.0)
    ap.add_argument('--min-count', type=int, default=3)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--threads', default='auto',
                    help='torch threads, or "auto": 1 or 2, re-chosen by measured speed every 200 steps '
                         '(on a loaded 2-core machine one thread beats two, which wait on each other)')
    ap.add_argument('--log-every', type=int, default=20)
    ap.add_argument('--eval-seconds', type=float, default=180)
    ap.add_argument('--eval-windows', type=int, default=192, help='held-out windows per periodic eval')
    ap.add_argument('--ckpt-seconds', type=float, default=120)
    ap.add_argument('--fresh', action='store_true', help='ignore an existing checkpoint')
    ap.add_argument('--init-from', default=None,
                    help='start from a shipped model folder (its vocabulary, shape and weights) instead of a random init')
    ap.add_argument('--device', default='cpu', choices=['cpu', 'cuda'],
                    help='cuda: train on an NVIDIA GPU with bf16 autocast (checkpoint is saved for the CPU)')
    args = ap.parse_args()
    device = torch.device(args.device)
    if args.device == 'cuda' and not torch.cuda.is_available():
        sys.exit('train.py: --device cuda, but this torch sees no CUDA GPU (torch.cuda.is_available() is False)')
    if args.device == 'cuda':
        args.threads = '1'  # the host threads only feed the GPU

    auto_threads = args.threads == 'auto'
    threads = 2 if auto_threads else int(args.threads)
    torch.set_num_threads(threads)
    ckpt_path = args.ckpt or os.path.join(args.data, 'ckpt.pt')
    # The pid next to the checkpoint lets a supervisor stop this run cleanly (SIGTERM).
    with open(ckpt_path + '.pid', 'w') as f:
        f.write(f'{os.getpid()}\n')
    train_texts = load_texts(os.path.join(args.data, 'train.jsonl'))
    val_texts = load_texts(os.path.join(args.data, 'val.jsonl'))

    state = None
    if os.path.exists(ckpt_path) and not args.fresh:
        state = torch.load(ckpt_path, map_location='cpu')
        vocab = state['vocab']
        hp = state['hparams']
        log(f'resuming from {ckpt_path}: step {state["step"]}, {state["elapsed"] / 60:.1f} min done')
    else:
        vocab = build_vocab(train_texts, args.min_count)
        hp = dict(n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd, n_positions=args.ctx,
                  dropout=args.dropout, lr=args.lr, batch=args.batch, weight_decay=args.weight_decay,
                  min_count=args.min_count, seed=args.seed)
    init_sd = None
    if state is None and args.init_from:
        from onnx_init import load_init
        vocab, shape, init_sd = load_init(args.init_from)
        hp.update(shape, init_from=os.path.abspath(args.init_from))
        log(f'initialised from {args.init_from}: vocab {len(vocab)}, {shape}')
    stoi = {c: i for i, c in enumerate(vocab)}
    train = encode_stream(train_texts, stoi)
    val = encode_stream(val_texts, stoi)
    ctx, batch = hp['n_positions'], hp['batch']

    torch.manual_seed(hp['seed'])
    model = GPT(len(vocab), hp['n_layer'], hp['n_head'], hp['n_embd'], ctx, hp['dropout'])
    if state:
        model.load_state_dict(state['model'])
    elif init_sd is not None:
        model.load_state_dict(init_sd)
    model.to(device)  # before the optimizer, so its state lives beside the weights
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': hp['weight_decay']},
                             {'params': no_decay, 'weight_decay': 0.0}], lr=hp['lr'], betas=(0.9, 0.99))
    step, tokens, elapsed = 0, 0, 0.0
    history = []
    gen = torch.Generator().manual_seed(hp['seed'])
    if state:
        opt.load_state_dict(state['optim'])
        step, tokens, elapsed = state['step'], state['tokens'], state['elapsed']
        history = state.get('history', [])
        gen.set_state(state['rng'])
    budget = args.minutes * 60
    # Handlers before the first log line: whoever sees it can interrupt and get a checkpoint.
    stop = {'now': False}

    def on_signal(signum, _frame):
        log(f'signal {signum}: stopping after this step')
        stop['now'] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    log(f'params {model.num_params():,} | vocab {len(vocab)} | train {len(train):,} tokens | '
        f'held-out {len(val):,} tokens | ctx {ctx} batch {batch} | budget {args.minutes} min | threads {args.threads}')

    def checkpoint(final=False):
        # Weights and optimizer state go to the CPU so export.py (and a CPU resume) can read them.
        cpu_model = {k: v.detach().cpu() for k, v in model.state_dict().items()}
        cpu_optim = opt.state_dict()
        if device.type != 'cpu':
            cpu_optim = torch.load(_to_cpu_bytes(cpu_optim), map_location='cpu')
        save_atomic({'model': cpu_model, 'optim': cpu_optim, 'vocab': vocab, 'hparams': hp,
                     'step': step, 'tokens': tokens, 'elapsed': elapsed, 'rng': gen.get_state(),
                     'history': history, 'budget_minutes': args.minutes, 'final': final,
                     'train_tokens': len(train), 'val_tokens': len(val)}, ckpt_path)

    model.train()
    t_last_ckpt = t_last_eval = time.time()
    t_window, tok_window = time.time(), 0
    loss_avg = None
    probe = {}  # threads -> smoothed seconds per step in the latest probe window
    first_step = step  # probe windows count from this run's start, so a resume probes at once
    while elapsed < budget and not stop['now']:
        # "auto": of every 200 steps of this run, 0-9 run on 1 thread and 10-19 on 2, the rest on the faster.
        phase = (step - first_step) % 200
        if auto_threads:
            want = 1 if phase < 10 else 2 if phase < 20 else (min(probe, key=probe.get) if len(probe) == 2 else threads)
            if phase == 20 and len(probe) == 2:
                log(f'threads: 1 -> {probe[1]:.2f} s/step, 2 -> {probe[2]:.2f} s/step; using {want}')
            if want != threads:
                threads = want
                torch.set_num_threads(threads)
        t0 = time.time()
        frac = elapsed / budget
        lr = lr_at(frac, hp['lr'], warmup=args.warmup)
        for g in opt.param_groups:
            g['lr'] = lr
        starts = torch.randint(0, len(train) - ctx - 1, (batch,), generator=gen)
        x = torch.stack([train[s:s + ctx] for s in starts])
        y = torch.stack([train[s + 1:s + ctx + 1] for s in starts])
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        if device.type == 'cuda':
            with torch.autocast('cuda', dtype=torch.bfloat16):
                _, loss = model(x, y)
        else:
            _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += x.numel()
        tok_window += x.numel()
        dt = time.time() - t0
        elapsed += dt
        if auto_threads and phase % 10 >= 2 and phase < 20:
            # the first 2 steps after a switch warm the thread pool up; smooth the other 8
            key = 1 if phase < 10 else 2
            probe[key] = dt if phase % 10 == 2 else 0.7 * probe[key] + 0.3 * dt
        loss_avg = loss.item() if loss_avg is None else 0.95 * loss_avg + 0.05 * loss.item()
        now = time.time()
        if step % args.log_every == 0:
            tps = tok_window / max(1e-9, now - t_window)
            t_window, tok_window = now, 0
            eta = max(0.0, budget - elapsed)
            log(f'step {step} | loss {loss_avg:.3f} | lr {lr:.2e} | {tps:,.0f} tok/s | '
                f'tokens {tokens / 1e6:.2f}M | {elapsed / 60:.1f}/{args.minutes:g} min | ETA {eta / 60:.1f} min')
        if now - t_last_eval >= args.eval_seconds:
            vl = evaluate(model, val, ctx, args.eval_windows)
            history.append({'step': step, 'elapsed': elapsed, 'tokens': tokens, 'train_loss': loss_avg, 'val_loss': vl})
            log(f'eval step {step} | held-out loss {vl:.3f} | ppl {math.exp(vl):.1f}')
            t_last_eval = time.time()
            t_window, tok_window = t_last_eval, 0  # eval time is not training throughput
        if now - t_last_ckpt >= args.ckpt_seconds:
            checkpoint()
            t_last_ckpt = time.time()

    done = elapsed >= budget
    if done:
        vl = evaluate(model, val, ctx)  # full held-out set for the model card
        history.append({'step': step, 'elapsed': elapsed, 'tokens': tokens, 'train_loss': loss_avg,
                        'val_loss': vl, 'full': True})
        log(f'final held-out loss {vl:.4f} | ppl {math.exp(vl):.2f} over {len(val):,} tokens')
    checkpoint(final=done)
    # A JSON summary beside the checkpoint, for tools that do not read torch files (models:tune's card).
    with open(ckpt_path + '.json', 'w', encoding='utf-8') as f:
        json.dump({'step': step, 'tokens': tokens, 'elapsed': elapsed, 'final': done, 'budget_minutes': args.minutes,
                   'train_tokens': len(train), 'val_tokens': len(val), 'hparams': hp, 'history': history}, f)
    log(f'{"done" if done else "stopped"}: step {step}, {tokens:,} tokens, {elapsed / 60:.1f} min -> {ckpt_path}')


if __name__ == '__main__':
    main()
