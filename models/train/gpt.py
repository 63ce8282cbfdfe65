"""A small GPT-2-architecture decoder (pre-LayerNorm, learned positions, GELU MLP,
tied input/output embeddings), written out by hand so that export.py can trace it
with an explicit KV cache in exactly the layout transformers.js expects for
`model_type: "gpt2"`: past/present shaped (batch, heads, length, head_dim).

Shared by train.py and export.py; torch 1.13 compatible (no scaled_dot_product_attention).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        self.n_head = n_head
        self.ln_1 = nn.LayerNorm(n_embd)
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.mlp_proj = nn.Linear(4 * n_embd, n_embd)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias, past_k=None, past_v=None):
        """bias: additive attention bias broadcastable to (B, H, T, S); 0 keeps, -inf-ish drops."""
        B, T, C = x.shape
        H = self.n_head
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q = q.view(B, T, H, C // H).transpose(1, 2)
        k = k.view(B, T, H, C // H).transpose(1, 2)
        v = v.view(B, T, H, C // H).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H)) + bias
        att = self.drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.drop(self.c_proj(y))
        x = x + self.drop(self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)))))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, vocab_size, n_layer=4, n_head=4, n_embd=256, n_positions=128, dropout=0.0):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, n_layer=n_layer, n_head=n_head,
                           n_embd=n_embd, n_positions=n_positions, dropout=dropout)
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(n_positions, n_embd)
        self.drop = nn.Dropout(dropout)
        self.h = nn.ModuleList([Block(n_embd, n_head, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.apply(self._init)
        # GPT-2's scaled init for residual projections keeps early training stable.
        for blk in self.h:
            for lin in (blk.c_proj, blk.mlp_proj):
                nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx, targets=None):
        """Training path: full causal attention over idx (B, T)."""
        B, T = idx.shape
        pos = torch.arange(T, device=idx.device)
        x = self.drop(self.wte(idx) + self.wpe(pos)[None])
        causal = torch.full((T, T), float('-inf'), device=idx.device).triu(1)
        for blk in self.h:
            x, _, _ = blk(x, causal)
        logits = self.ln_f(x) @ self.wte.weight.t()
        if targets is None:
            return logits
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss


class KVWrapper(nn.Module):
    """Inference graph for ONNX export: (input_ids, attention_mask, position_ids, *past)
    -> (logits, *present), with past/present in (B, H, S, D) per layer, key then value."""

    def __init__(self, gpt):
        super().__init__()
        self.gpt = gpt

    def forward(self, input_ids, attention_mask, position_ids, *past):
        g = self.gpt
        T = input_ids.shape[1]
        S = attention_mask.shape[1]  # past + current
        # Clamp so a caller that runs past the trained context degrades instead of crashing
        # on an out-of-range Gather; the engine should still keep prompt+output <= n_positions.
        pos = torch.clamp(position_ids, 0, g.config['n_positions'] - 1)
        x = g.wte(input_ids) + g.wpe(pos)
        # Query i (absolute position S-T+i) may see key j when j <= S-T+i and the key is not padding.
        qi = torch.arange(T, device=input_ids.device)[:, None] + (S - T)
        kj = torch.arange(S, device=input_ids.device)[None, :]
        allowed = (kj <= qi)[None, None, :, :] & (attention_mask[:, None, None, :] > 0)
        bias = torch.where(allowed, torch.zeros((), dtype=x.dtype), torch.full((), -1e9, dtype=x.dtype))
        presents = []
        for i, blk in enumerate(g.h):
            x, k, v = blk(x, bias, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        logits = g.ln_f(x) @ g.wte.weight.t()
        return (logits, *presents)
