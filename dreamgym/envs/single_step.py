"""The dream step of one env on the CPU in numpy: the arithmetic of :meth:`DreamBatch.step` without torch's
per-op dispatch, which dominates a batch of one (a Stable-Baselines3 or CleanRL user stepping a single env).

It reads and writes the batch's own tensors (through numpy views), so the single env, the vector env and this path
stay one state; trajectories match the torch path to float tolerance (tests/test_single_step.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from dreamgym.envs.counter_rng import lane_uniforms, lanes_u32
from dreamgym.envs.spec import Z_BOUND
from dreamgym.models.mdnrnn import LOGSIGMA_MAX, LOGSIGMA_MIN

if TYPE_CHECKING:
    from dreamgym.envs.dynamics import DreamBatch

_ONE = np.float32(1.0)
_HALF = np.float32(0.5)
# NumPy's OpenBLAS splits a matrix-vector product over threads above roughly 300k-500k elements; at batch 1 the
# threads' handshake costs more than it saves, and on busy cores it made a 512-unit LSTM's product 30-70x slower
# (15 ms instead of 0.2). Products are therefore done in row blocks below that size: one thread, the same sums.
BLOCK_ELEMENTS = 1 << 18


def _mix32_int(x: int) -> int:
    """``counter_rng._mix32`` on one Python int (a scalar costs a few Python operations, not numpy calls)."""
    x = ((x >> 16) ^ x) * 0x45D9F3B & 0xFFFFFFFF
    x = ((x >> 16) ^ x) * 0x45D9F3B & 0xFFFFFFFF
    return (x >> 16) ^ x


def uniform_block(key: int, counter: int, steps: int, lanes: np.ndarray) -> np.ndarray:
    """``counter_rng.uniform`` for one dream at counters ``counter .. counter + steps - 1``: float32 ``(steps, n)``
    uniforms in (0, 1), one per lane (``lanes``: uint32, mixed), the same numbers as step by step."""
    bases = [_mix32_int(key ^ _mix32_int(((counter + t) * 0x9E3779B1) & 0xFFFFFFFF)) for t in range(steps)]
    return lane_uniforms(np.array(bases, np.uint32), lanes)


DRAW_BLOCK = 32
"""Steps whose random draws are made in one go: they depend only on the episode's key and the step counter, so a
block costs the numpy calls of one step."""


class SingleStep:
    """The step of a batch of one dream, on M's numpy weights (:attr:`WorldModel.step_weights`, shared)."""

    def __init__(self, dream: DreamBatch) -> None:
        m = dream.wm.mdnrnn
        cfg = m.config
        self.dream, self.game = dream, dream.game
        self.z_size, self.hidden, self.mixtures = cfg.z_size, cfg.hidden_size, cfg.mixtures
        self.action_size = self.game.action_size
        self.weights = dream.wm.step_weights  # one set per ensemble member; "off" uses the first
        self.by_member = dream.ensemble == "episode"
        self.w, self.b, self.w_heads, self.b_heads = self.weights[0]
        self.x = np.zeros(cfg.z_size + self.action_size + cfg.hidden_size, np.float32)
        self.gates = np.empty(4 * cfg.hidden_size, np.float32)
        self.out = np.empty(len(self.b_heads), np.float32)
        self.blocks = [(_row_blocks(w), _row_blocks(wh)) for w, _, wh, _ in self.weights]
        self.w_blocks, self.head_blocks = self.blocks[0]
        self.n_mdn = 3 * cfg.mixtures * cfg.z_size
        self.reward_row = self.n_mdn if m.reward_head is not None else None
        self.done_row = self.n_mdn + (m.reward_head is not None) if m.done_head is not None else None
        self.lanes = lanes_u32(3 * cfg.z_size + 1)
        self.mu_at = np.arange(cfg.z_size) * 3 * cfg.mixtures + cfg.mixtures  # where each z's mu row starts in ``out``
        self.probs = np.empty((cfg.mixtures, cfg.z_size), np.float32)
        self.row = np.empty(cfg.z_size, np.float32)
        self.below = np.empty((cfg.mixtures - 1, cfg.z_size), bool)
        self._block: tuple[int, int, np.ndarray, np.ndarray] = (-1, 0, np.empty(0), np.empty(0))
        self.done_probability = 0.0
        self.budget = None if dream.budget is None else np.float32(dream.budget)
        self.step_reward = np.float32(self.game.step_reward)

    def step(self, action: object) -> tuple[float, bool]:
        """Advance the batch's one dream by one step; returns ``(reward, terminated)``."""
        d = self.dream
        if self.by_member:
            member = int(d.member[0])
            self.w, self.b, self.w_heads, self.b_heads = self.weights[member]
            self.w_blocks, self.head_blocks = self.blocks[member]
        zs, hs, a = self.z_size, self.hidden, self.action_size
        z, h, c = d.z.numpy()[0], d.h.numpy()[0], d.c.numpy()[0]
        x = self.x
        x[:zs] = z
        if self.game.discrete_actions:
            x[zs : zs + a] = 0.0
            x[zs + int(action)] = 1.0  # type: ignore[call-overload]
        else:
            x[zs : zs + a] = action
        x[zs + a :] = h
        gates = self.gates
        for w, rows in self.w_blocks:
            np.dot(w, x, out=gates[rows])
        gates += self.b
        np.tanh(gates, out=gates)  # rows (i, f, o) come halved: sigmoid(x) = (1 + tanh(x / 2)) / 2
        ifo = gates[: 3 * hs]
        ifo *= _HALF
        ifo += _HALF
        c *= gates[hs : 2 * hs]
        c += gates[:hs] * gates[3 * hs :]
        np.tanh(c, out=h)
        h *= gates[2 * hs : 3 * hs]
        out = self.out
        for w, rows in self.head_blocks:
            np.dot(w, h, out=out[rows])
        out += self.b_heads
        k = self.mixtures
        counter = d.counter.numpy()  # numpy views: a torch op on a scalar costs several microseconds
        counter[0] += 1
        draws, eps = self._draws(int(d.key.numpy()[0]), int(counter[0]))
        tau = np.float32(d.temperature)
        at = self.mu_at + self._pick(tau, draws[:zs])  # the picked mu
        logsigma = out.take(at + k)  # only the picked ones: the same values
        np.minimum(np.maximum(logsigma, LOGSIGMA_MIN, out=logsigma), LOGSIGMA_MAX, out=logsigma)
        new_z = out.take(at) + np.exp(logsigma) * np.sqrt(tau) * eps
        np.minimum(np.maximum(new_z, -Z_BOUND, out=new_z), Z_BOUND, out=z)
        terminated = False
        if self.done_row is not None:
            logit = float(out[self.done_row])
            p = np.float32(1.0 / (1.0 + math.exp(-logit)) if logit > -700.0 else 0.0)  # float32, as the batch stores
            d.done_probability.numpy()[0] = p
            self.done_probability = float(p)
            terminated = bool(logit > 0) if d.termination == "threshold" else bool(draws[3 * zs] < p)
        reward = out[self.reward_row] if self.game.reward_from_model and self.reward_row is not None else _ONE
        if self.budget is None:
            return float(reward), terminated
        earned = d.earned.numpy()  # a fresh view each step, as z, h and c: a copied env holds its own tensors
        gain, room = reward - self.step_reward, self.budget - earned[0]
        spent = bool(gain >= room)
        gain = min(gain, room)
        earned[0] += gain
        return float(gain + self.step_reward), terminated or spent

    def _pick(self, tau: np.float32, u: np.ndarray) -> np.ndarray:
        """The mixture component each z dimension draws with uniforms ``u``: the softmax of ``logits / tau`` and the
        count of cumulative probabilities below ``u``, as :func:`sample_mixture`'s sums in the same order, laid out
        (component, z) so that every reduction is a few whole-row operations."""
        p, row, below = self.probs, self.row, self.below
        zs, k = self.z_size, self.mixtures
        logits = self.out[: self.n_mdn].reshape(zs, 3 * k)[:, :k].T  # a view made here: a deep copy must not share it
        np.divide(logits, tau, out=p)
        np.maximum.reduce(p, axis=0, out=row)
        np.subtract(p, row, out=p)
        np.exp(p, out=p)
        np.add.reduce(p, axis=0, out=row)
        np.divide(p, row, out=p)
        np.add.accumulate(p, axis=0, out=p)
        np.less(p[:-1], u, out=below)  # the last component is the one left when every other sum is below u
        return np.add.reduce(below, axis=0, dtype=np.intp)

    def _draws(self, key: int, counter: int) -> tuple[np.ndarray, np.ndarray]:
        """Step ``counter``'s uniforms ``(3Z + 1,)`` and Box-Muller normals ``(Z,)``, made :data:`DRAW_BLOCK` steps at
        a time and kept while the episode (its key) and the counter stay inside the block."""
        block_key, start, u, eps = self._block
        if key != block_key or not 0 <= counter - start < DRAW_BLOCK:
            zs = self.z_size
            u = uniform_block(key, counter, DRAW_BLOCK, self.lanes)
            eps = np.sqrt(np.float32(-2.0) * np.log(u[:, zs : 2 * zs])) * np.cos(
                np.float32(2.0 * math.pi) * u[:, 2 * zs : 3 * zs]
            )
            self._block = (key, start := counter, u, eps)
        return u[counter - start], eps[counter - start]

    def observe(self, mode: str) -> np.ndarray:
        """The one dream's observation (a new array): ``latent`` concat(z, h), ``z``, or ``pixels`` (V's decoding)."""
        d = self.dream
        if mode == "latent":
            return np.concatenate([d.z.numpy()[0], d.h.numpy()[0]])
        if mode == "z":
            return d.z.numpy()[0].copy()
        return d.observe(mode)[0]


def _row_blocks(w: np.ndarray) -> list[tuple[np.ndarray, slice]]:
    """Row blocks of ``w`` (each under :data:`BLOCK_ELEMENTS`) with the output rows they write (slices, not views:
    a deep-copied env must write its own output arrays)."""
    rows = max(64, BLOCK_ELEMENTS // w.shape[1] // 64 * 64)  # whole kernel tiles: the same sums as one product
    return [(w[i : i + rows], slice(i, i + rows)) for i in range(0, w.shape[0], rows)]
