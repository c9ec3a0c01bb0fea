"""Explains every difference between tritium's logits and PyTorch's by activation rounding ties, or finds
the one it cannot explain.

tritium and PyTorch compute the float parts of the forward pass in different orders, so an activation
whose x * s lies within float error of k + 1/2 may round up on one side and down on the other; the int8
values then differ by one, and so does everything after that position (its keys and values are cached).
resolve() walks the positions in order: at the first position whose logits differ by more than tol of
the largest, it tries the near-tie activations of that position one at a time, each rounded the other
way, and keeps the one that makes the position agree again; then it goes on. Differences that no single
rounding explains are reported. A wrong weight, scale, norm, RoPE or attention is never explained by a
rounding: its difference stays.
"""
import torch

import model as bitnet


class Forced:
    """quantize_act with some int8 values rounded the other way: {(site, position, column): value}. A
    site is one quantized input of the pass (q, k and v share one, as gate and up do: tritium quantizes
    each input once)."""

    def __init__(self, forced):
        self.forced = forced
        self.xs = []       # per site: x * s [positions, columns]
        self._last = None

    def __call__(self, x):
        if x is not self._last:
            amax = x.abs().amax(dim=-1, keepdim=True).clamp(min=1e-5)
            s = 127.0 / amax
            xs = x * s
            q = xs.round().clamp(-128.0, 127.0)
            site = len(self.xs)
            for (st, pos, col), v in self.forced.items():
                if st == site and pos < q.shape[1]:
                    q[0, pos, col] = v
            self.xs.append(xs[0])
            self._last, self._out = x, (q, s)
        return self._out


def forward(net, ids, forced):
    hook = Forced(forced)
    plain = bitnet.quantize_act
    bitnet.quantize_act = hook
    try:
        with torch.no_grad():
            logits = net(torch.tensor([ids]))[0]
    finally:
        bitnet.quantize_act = plain
    return logits, hook.xs


def resolve(net, ids, ref, tol=1e-5, eps=1e-2, tries=200, max_flips=256):
    """ref: tritium's logits [n, vocab]. Returns {"ok", "flips": [(position, site, column, distance)],
    "max_rel": the largest difference left (relative to the largest |logit|), "unexplained": position or
    None, "max_rel_plain": the largest difference before any rounding was changed}."""
    scale = float(ref.abs().max())
    forced, flips = {}, []
    logits, xs = forward(net, ids, forced)
    plain = float((logits - ref).abs().max()) / scale
    pos = 0
    while len(flips) < max_flips:
        rel = (logits - ref).abs().amax(-1) / scale
        bad = (rel[pos:] > tol).nonzero().flatten()
        if len(bad) == 0:
            return {"ok": True, "flips": flips, "max_rel": float(rel.max()), "unexplained": None,
                    "max_rel_plain": plain}
        pos += int(bad[0])
        # the flip is at this position, or at an earlier one whose own logits it moved by less than tol
        # (a key or value changed at p shows more at later positions than at p itself)
        cands = []
        for site, x in enumerate(xs):
            d = ((x[:pos + 1] - x[:pos + 1].floor()) - 0.5).abs()
            for p, col in (d < eps).nonzero().tolist():
                cands.append((float(d[p, col]) * (1 if p == pos else 10), site, p, col, float(x[p, col])))
        for dist, site, p, col, v in sorted(cands)[:tries]:
            q = round(v)  # half to even, as torch.round
            alt = float(q - 1 if q > v else q + 1)
            trial = dict(forced)
            trial[(site, p, col)] = max(-128.0, min(127.0, alt))
            lt, _ = forward(net, ids[:pos + 1], trial)  # the position depends on its prefix only
            if float((lt[pos] - ref[pos]).abs().max()) / scale <= tol:
                forced = trial
                logits, xs = forward(net, ids, forced)
                flips.append((p, site, col, 0.5 - abs(v - q)))  # (position, site, column, tie distance)
                break
        else:
            return {"ok": False, "flips": flips, "max_rel": float(rel.max()), "unexplained": pos,
                    "max_rel_plain": plain}
    return {"ok": False, "flips": flips, "max_rel": float(rel.max()), "unexplained": pos, "max_rel_plain": plain}
