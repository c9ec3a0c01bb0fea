"""BitNet b1.58 as the 2B4T report describes it, in the shape and arithmetic tritium runs
(docs/model.md "The computation"):

- BitLinear: weights ternarized per tensor by absmean (scale = mean|W| clamped to >= 1e-5,
  t = clamp(round(W / scale), -1, 1)), activations quantized per token by absmax to int8
  (s = 127 / max(max|x|, 1e-5), q = clamp(round(x * s), -128, 127)), round half to even; the output is
  (q . t) * scale / s, computed in that order (tritium's kr_dequant). Straight-through gradients:
  the forward pass sees the quantized values, the backward pass treats rounding as the identity.
- SubLN placement of 2B4T: RMSNorm before q/k/v, on the attention output before o (attn_sub_norm),
  before gate/up, and on the FFN's hidden activation before down (ffn_sub_norm).
- ReLU^2 gated FFN (relu(gate)^2 * up), RoPE (NEOX pairing: element i with i + d/2), grouped-query
  attention (query head h reads KV head h / (heads / kv_heads)), tied embedding / head, no biases.

In eval mode (torch.no_grad) the forward pass is the quantized model itself, integers exact in float32,
so its logits are tritium's up to float summation order.
"""
import dataclasses
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclasses.dataclass
class Config:
    vocab: int = 4096
    dim: int = 256
    layers: int = 6
    heads: int = 4
    kv_heads: int = 2
    ffn: int = 768
    ctx: int = 256
    rope_theta: float = 10000.0
    eps: float = 1e-5

    @property
    def head_dim(self):
        return self.dim // self.heads


def ste(x, r):
    """r in the forward pass, the identity for the gradient."""
    return x + (r - x).detach() if torch.is_grad_enabled() else r


def ternarize(w):
    """(t, scale): the ternary values as floats and the absmean scale, as the exporter writes them."""
    scale = w.detach().abs().mean().clamp(min=1e-5)
    wn = w / scale
    return ste(wn, wn.round().clamp(-1.0, 1.0)), scale


def quantize_act(x):
    """(q, s): per-row int8 values as floats and the row scales s = 127 / max|x| (kr_quant.h)."""
    amax = x.detach().abs().amax(dim=-1, keepdim=True).clamp(min=1e-5)
    s = 127.0 / amax
    xs = x * s
    return ste(xs, xs.round().clamp(-128.0, 127.0)), s


class BitLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_out, n_in))
        nn.init.normal_(self.weight, std=0.02)

    def forward(self, x):
        t, scale = ternarize(self.weight)
        q, s = quantize_act(x)
        return torch.matmul(q, t.t()) * scale / s


class RMSNorm(nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        inv = 1.0 / torch.sqrt((x * x).mean(dim=-1, keepdim=True) + self.eps)
        return x * inv * self.weight


def rope_tables(cfg, n, device=None):
    """cos and sin [n, head_dim / 2]: theta_i = base^(-2i/d) in double rounded to float, angle = pos * theta_i
    in float (model_ctx_new, model_rope_table)."""
    half = cfg.head_dim // 2
    inv = torch.tensor([cfg.rope_theta ** (-2.0 * i / cfg.head_dim) for i in range(half)], dtype=torch.float64)
    ang = torch.arange(n, dtype=torch.float32, device=device)[:, None] * inv.float().to(device)[None, :]
    return torch.cos(ang), torch.sin(ang)


def rope(x, cos, sin):
    """x [B, H, T, D]: x[i], x[i + D/2] rotated by the position's angle i."""
    half = x.shape[-1] // 2
    x0, x1 = x[..., :half], x[..., half:]
    return torch.cat((x0 * cos - x1 * sin, x0 * sin + x1 * cos), dim=-1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        kv = cfg.kv_heads * cfg.head_dim
        self.cfg = cfg
        self.attn_norm = RMSNorm(cfg.dim, cfg.eps)
        self.attn_q = BitLinear(cfg.dim, cfg.dim)
        self.attn_k = BitLinear(cfg.dim, kv)
        self.attn_v = BitLinear(cfg.dim, kv)
        self.attn_sub_norm = RMSNorm(cfg.dim, cfg.eps)
        self.attn_output = BitLinear(cfg.dim, cfg.dim)
        self.ffn_norm = RMSNorm(cfg.dim, cfg.eps)
        self.ffn_gate = BitLinear(cfg.dim, cfg.ffn)
        self.ffn_up = BitLinear(cfg.dim, cfg.ffn)
        self.ffn_sub_norm = RMSNorm(cfg.ffn, cfg.eps)
        self.ffn_down = BitLinear(cfg.ffn, cfg.dim)

    def forward(self, x, cos, sin, mask):
        c = self.cfg
        B, T, _ = x.shape
        a = self.attn_norm(x)
        q = self.attn_q(a).view(B, T, c.heads, c.head_dim).transpose(1, 2)
        k = self.attn_k(a).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2)
        v = self.attn_v(a).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        group = c.heads // c.kv_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(c.head_dim))
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        o = torch.matmul(att, v).transpose(1, 2).reshape(B, T, c.dim)
        x = x + self.attn_output(self.attn_sub_norm(o))
        h = self.ffn_norm(x)
        f = F.relu(self.ffn_gate(h)).square() * self.ffn_up(h)
        return x + self.ffn_down(self.ffn_sub_norm(f))


class BitNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.token_embd = nn.Embedding(cfg.vocab, cfg.dim)
        nn.init.normal_(self.token_embd.weight, std=0.02)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.output_norm = RMSNorm(cfg.dim, cfg.eps)

    def forward(self, ids):
        """ids [B, T] -> logits [B, T, vocab] (the head is the token embedding)."""
        T = ids.shape[1]
        cos, sin = rope_tables(self.cfg, T, ids.device)
        mask = torch.ones(T, T, dtype=torch.bool, device=ids.device).triu(1)
        x = self.token_embd(ids)
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        return torch.matmul(self.output_norm(x), self.token_embd.weight.t())


def param_groups(model, weight_decay):
    """Weight decay on the matrices (ternary layers and the embedding), none on the norm gains."""
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    plain = [p for n, p in model.named_parameters() if p.dim() < 2]
    return [{"params": decay, "weight_decay": weight_decay}, {"params": plain, "weight_decay": 0.0}]
