"""One training step's maths on preallocated buffers: forward, backward, update.

The Trainer uses the same `Backprop.step` for its recorded steps (nnviz.engine.recording
keeps the results in a StepTrace) and for its fast path, so both compute exactly the same
numbers.

Speed comes from doing as little Python per step as possible: all weights and biases live in
one flat vector `theta` (each layer's W and b are views into it), the gradient in a vector
`g` of the same layout, so the optimizer, regularization, clipping and the divergence
checks are one NumPy call each for the whole network; every intermediate array is reused.
"""

from __future__ import annotations

import math

import numpy as np

from .losses import MeanKernel

# A step diverged when its gradient or its new weights are not finite, or the weights'
# root mean square passes this (nothing useful lives there; NaN is a few steps away).
WEIGHT_RMS_LIMIT = 1e6
LOSS_REASON = "the loss became infinite or NaN"
# With a fused output (sigmoid + bce, softmax + cce: outputs in [0, 1] or NaN) and targets no
# larger than this, the loss is finite unless an output is NaN, which also makes the
# gradient NaN: a recorded step then needs the loss only once the step is over.
FUSED_TARGET_BOUND = 1e290


class _Buffers:
    """Intermediate arrays for one batch size.

    z, g(z), the dropped-out activations and delta all live in one flat `block` (each
    layer's array is a view into it), so a recorded step copies them in one call; `spec`
    says where each array is: {"z" | "a" | "delta": [(offset, shape) per layer]}.
    """

    def __init__(self, B, sizes, dropout):
        outs = sizes[1:]
        total = B * (3 * sum(outs) + (sum(outs[:-1]) if dropout else 0))
        self.block = block = np.empty(total)
        self.spec = {}
        pos = 0

        def take(name, ns):
            nonlocal pos
            arrays, spec = [], []
            for n in ns:
                arrays.append(block[pos:pos + B * n].reshape(B, n))
                spec.append((pos, (B, n)))
                pos += B * n
            self.spec[name] = spec
            return arrays

        self.z = take("z", outs)
        self.a_raw = take("a_raw", outs)                          # g(z)
        # what the next layer sees: g(z) times the dropout mask, scaled by 1/keep
        if dropout:
            self.a = take("a", outs[:-1]) + [self.a_raw[-1]]
            self.spec["a"].append(self.spec["a_raw"][-1])
        else:
            self.a = self.a_raw
            self.spec["a"] = self.spec["a_raw"]
        self.delta = take("delta", outs)
        self.keep = [None] * len(outs)                           # bool keep-masks
        self.dL_da = [np.empty((B, n)) for n in outs]
        self.err = np.empty((B, outs[-1]))


class Backprop:
    """The step engine bound to one network (rebinds itself when the network changes)."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.net = None
        self._bind()

    # -- binding ------------------------------------------------------------------------
    def _bind(self):
        tr = self.trainer
        net = self.net = tr.net
        self.layers = list(net.layers)
        self.acts = [layer.act for layer in self.layers]
        self.sizes = net.sizes
        n = net.n_params
        self.theta = theta = np.empty(n)
        self.g = g = np.empty(n)
        self.g_reg = np.zeros(n)
        self.prev = np.empty(n)
        self.tmp = np.empty(n)
        self.wmask = np.zeros(n)
        self.Wv, self.bv, self.gW, self.gb, self.offsets = [], [], [], [], []
        off = 0
        for layer in self.layers:
            nW, nb = layer.W.size, layer.b.size
            W = theta[off:off + nW].reshape(layer.W.shape)
            W[...] = layer.W
            b = theta[off + nW:off + nW + nb]
            b[...] = layer.b
            layer.W, layer.b = W, b
            self.Wv.append(W)
            self.bv.append(b)
            self.gW.append(g[off:off + nW].reshape(W.shape))
            self.gb.append(g[off + nW:off + nW + nb])
            self.wmask[off:off + nW] = 1.0
            self.offsets.append(off)
            off += nW + nb
        self.limit2 = WEIGHT_RMS_LIMIT ** 2 * n
        # what ensure_bound compares by identity: each layer, its W, b and activation
        self._bound = [(layer, W, b, act) for layer, W, b, act
                       in zip(self.layers, self.Wv, self.bv, self.acts)]
        self.act_names = tuple(act.name for act in self.acts)
        self.layout = [(o, o + W.size, o + W.size + b.size, W.shape)
                       for o, W, b in zip(self.offsets, self.Wv, self.bv)]
        loss, out = tr.loss_fn, self.acts[-1]
        K = self.sizes[-1]
        if loss.fused_with is not None and out.name == loss.fused_with:
            self.out_kind, self.out_scale = 1, (1.0 / K if loss.name == "bce" else 1.0)
        elif loss.name in ("half_sse", "mse") and out.backprop_into is not None:
            self.out_kind, self.out_scale = 2, (2.0 / K if loss.name == "mse" else 1.0)
        else:
            self.out_kind, self.out_scale = 3, 1.0
        self.fused = f"{out.name}+{loss.name}" if self.out_kind == 1 else None
        self.loss_mean = MeanKernel(loss)     # loss.mean, bit for bit, for recorded steps
        self._buffers = {}
        self._dropout = tr.dropout
        st = tr.opt.state.get(0)
        if tr.opt.state and (st is None or st[0].shape != (n,)):
            tr.opt.reset()
        self.refresh()

    def ensure_bound(self, refresh: bool = True) -> bool:
        """Rebind if the network, its layers or their arrays were replaced (True then);
        otherwise refresh the weight norm (unless refresh=False) and return False."""
        tr = self.trainer
        net = tr.net
        layers = net.layers
        ok = net is self.net and len(layers) == len(self._bound) and \
            self._dropout == tr.dropout
        if ok:
            for layer, (l0, W, b, act) in zip(layers, self._bound):
                if layer is not l0 or layer.W is not W or layer.b is not b or \
                        layer._act is not act:
                    ok = False
                    break
        if not ok:
            self._bind()
            return True
        if refresh:
            self.refresh()
        return False

    def refresh(self):
        """Recompute the weight norm (weights may have been edited since the last step)."""
        self.tt = float(self.theta @ self.theta)

    def buffers(self, B) -> _Buffers:
        buf = self._buffers.get(B)
        if buf is None:
            if len(self._buffers) > 8:
                self._buffers.clear()
            buf = self._buffers[B] = _Buffers(B, self.sizes, self._dropout > 0)
            L = len(self.layers)
            buf.forward_plan = [(layer.W, layer.b, act.f_into, z, ar) for layer, act, z, ar
                                in zip(self.layers, self.acts, buf.z, buf.a_raw)]
            plan = []
            for k in range(L - 1, -1, -1):
                a_prev = None if k == 0 else buf.a[k - 1]
                if k:
                    act = self.acts[k - 1]
                    plan.append((self.gW[k], self.gb[k], a_prev, self.layers[k].W,
                                 buf.dL_da[k - 1], act.backprop_into or act.backward_into,
                                 buf.z[k - 1],
                                 buf.a_raw[k - 1], buf.delta[k - 1],
                                 k - 1 if self._dropout > 0 else None))
                else:
                    plan.append((self.gW[0], self.gb[0], None, None, None, None, None, None,
                                 None, None))
            buf.backward_plan = plan
        return buf

    # -- the step -------------------------------------------------------------------------
    def step(self, X, Y, rng, want_loss: bool, save_prev: bool):
        """Forward, backward and update on the batch (X, Y).

        Returns (reason, loss, clip_scale): reason is "" or why the step diverged (the
        weights are then those before the step); loss is the batch's data loss before the
        update (None unless want_loss). Afterwards `buffers(len(X))` holds z, a, delta,
        g the gradient used, g_reg the regularization part and prev the weights before (when
        save_prev, even if the step stopped before its update).
        """
        tr = self.trainer
        B = X.shape[0]
        buf = self._buffers.get(B) or self.buffers(B)
        if save_prev:                      # the weights before, even if the step stops early
            np.copyto(self.prev, self.theta)
        keep_p = 1.0 - self._dropout
        # forward
        a = X
        if keep_p < 1.0:
            for k, (layer, act, z, ar, ad) in enumerate(zip(self.layers, self.acts, buf.z,
                                                            buf.a_raw, buf.a)):
                np.matmul(a, layer.W.T, out=z)
                z += layer.b
                act.f_into(z, ar)
                if ad is ar:
                    a = ar
                else:
                    keep = buf.keep[k] = rng.random(ar.shape) < keep_p
                    np.multiply(ar, keep, out=ad)
                    ad *= 1.0 / keep_p
                    a = ad
        else:
            for W, b, f_into, z, ar in buf.forward_plan:
                np.matmul(a, W.T, out=z)
                z += b
                f_into(z, ar)
                a = ar
        o = a
        # the output layer's delta
        loss_fn = tr._loss
        d = buf.delta[-1]
        kind = self.out_kind
        if kind == 1:            # fused: sigmoid + bce, softmax + cce
            np.subtract(o, Y, out=d)
            if self.out_scale != 1.0:
                d *= self.out_scale
        elif kind == 2:          # half_sse / mse with an element-wise output
            err = buf.err
            np.subtract(o, Y, out=err)
            if self.out_scale != 1.0:
                err *= self.out_scale
            self.acts[-1].backprop_into(buf.z[-1], o, err, d)
        else:
            d[...] = self.acts[-1].backward(buf.z[-1], o, loss_fn.dL_do(o, Y))
        loss = None
        if want_loss:
            loss = self.loss_mean(o, Y)
            if not math.isfinite(loss):
                return LOSS_REASON, loss, 1.0
        # backward: gradients of the summed loss, then one division by B
        reduce = np.add.reduce
        for gW, gb, a_prev, W, dl, bp_into, z, ar, nd, keep_idx in buf.backward_plan:
            np.matmul(d.T, X if a_prev is None else a_prev, out=gW)
            reduce(d, 0, None, gb)
            if W is not None:
                np.matmul(d, W, out=dl)
                d = bp_into(z, ar, dl, nd)
                if keep_idx is not None:
                    d *= buf.keep[keep_idx]
                    d *= 1.0 / keep_p
        g = self.g
        g *= 1.0 / B
        # regularization (weights only, not biases)
        if tr.l1 or tr.l2:
            self._regularize(tr.l1, tr.l2)
            g += self.g_reg
        # clipping and the finiteness of everything computed so far
        gg = g @ g
        if not math.isfinite(gg):
            return "the gradient became infinite or NaN", loss, 1.0
        scale = 1.0
        clip = tr.clip_norm
        if clip is not None and gg > clip * clip:
            scale = clip / math.sqrt(gg)
            g *= scale
            gg = clip * clip
        # update; keep the old weights only when the step could possibly diverge
        theta, opt = self.theta, tr.opt
        if opt.name == "sgd":
            lr = opt.lr
            safe = (math.sqrt(self.tt) + lr * math.sqrt(gg)) ** 2 < 0.98 * self.limit2
            if not (save_prev or safe):
                np.copyto(self.prev, theta)
            opt.t += 1
            tmp = self.tmp
            np.multiply(g, lr, out=tmp)
            theta -= tmp
        else:
            safe = False
            if not save_prev:
                np.copyto(self.prev, theta)
            opt.begin_step()
            opt.step(0, theta, g)
        tt = theta @ theta
        if not tt <= self.limit2:          # also catches NaN
            if save_prev or not safe:
                np.copyto(theta, self.prev)
            else:                           # unreachable by the bound above; undo anyway
                np.multiply(g, opt.lr, out=self.tmp)
                theta += self.tmp
            self.refresh()
            if math.isfinite(tt):
                return (f"the next update would have made the weights too large (root "
                        f"mean square {math.sqrt(tt / theta.size):.3g}; the weights kept "
                        f"have {math.sqrt(float(theta @ theta) / theta.size):.3g})"), loss, scale
            return "the weights became infinite or NaN", loss, scale
        self.tt = tt
        return "", loss, scale

    def _regularize(self, l1, l2):
        theta, r, tmp = self.theta, self.g_reg, self.tmp
        r.fill(0.0)
        if l2:
            np.multiply(theta, l2, out=r)
        if l1:
            np.sign(theta, out=tmp)
            tmp *= l1
            r += tmp
        r *= self.wmask

    def split(self, flat):
        """([W per layer], [b per layer]) as views into a flat vector of theta's layout."""
        Ws, bs = [], []
        for off, W, b in zip(self.offsets, self.Wv, self.bv):
            Ws.append(flat[off:off + W.size].reshape(W.shape))
            bs.append(flat[off + W.size:off + W.size + b.size])
        return Ws, bs

    def last_loss(self, B, Y) -> float:
        """The data loss of the last step's batch (of size B), before its update."""
        o = self.buffers(B).a_raw[-1]
        return self.trainer.loss_fn.mean(o, Y)
