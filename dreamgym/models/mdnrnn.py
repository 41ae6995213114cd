"""MDN-RNN (the paper's M): an LSTM over (z, action) with a mixture-density head on the next z.

Per z dimension the head outputs K mixture logits, K means and K log-sigmas; optional heads predict the
reward and a done ("death") logit of the step that the LSTM has just consumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

LOGSIGMA_MIN, LOGSIGMA_MAX = -7.0, 3.0


@dataclass(frozen=True)
class MDNRNNConfig:
    """Architecture of M."""

    z_size: int = 32
    action_size: int = 3
    hidden_size: int = 256
    mixtures: int = 5
    reward_head: bool = False
    done_head: bool = False
    measured: int = 0
    """How many of z's last dimensions are the game's measurements (numbers read off each frame, e.g. speed)
    rather than V's latents: ``z_size`` is V's ``z_size`` plus this."""


class MDNOutput(NamedTuple):
    """Head outputs. ``logits``/``mu``/``logsigma`` are ``(..., z_size, mixtures)``; heads are ``(...)`` or None."""

    logits: torch.Tensor
    mu: torch.Tensor
    logsigma: torch.Tensor
    reward: torch.Tensor | None
    done_logit: torch.Tensor | None


class MDNRNN(nn.Module):
    """LSTM + mixture density network. Batch-first: sequences are ``(B, T, features)``."""

    def __init__(self, config: MDNRNNConfig = MDNRNNConfig()) -> None:
        super().__init__()
        self.config = config
        c = config
        self.lstm = nn.LSTM(c.z_size + c.action_size, c.hidden_size, batch_first=True)
        self.mdn = nn.Linear(c.hidden_size, 3 * c.mixtures * c.z_size)
        self.reward_head = nn.Linear(c.hidden_size, 1) if c.reward_head else None
        self.done_head = nn.Linear(c.hidden_size, 1) if c.done_head else None

    def heads(self, h: torch.Tensor) -> MDNOutput:
        """Apply every head to LSTM outputs ``h`` of shape ``(..., hidden_size)``."""
        c = self.config
        out = self.mdn(h).view(*h.shape[:-1], c.z_size, 3 * c.mixtures)
        logits, mu, logsigma = out.split(c.mixtures, dim=-1)
        logsigma = logsigma.clamp(LOGSIGMA_MIN, LOGSIGMA_MAX)
        reward = self.reward_head(h).squeeze(-1) if self.reward_head is not None else None
        done = self.done_head(h).squeeze(-1) if self.done_head is not None else None
        return MDNOutput(logits, mu, logsigma, reward, done)

    def forward(
        self,
        z: torch.Tensor,
        action: torch.Tensor,
        state: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> tuple[MDNOutput, tuple[torch.Tensor, torch.Tensor]]:
        """Sequence API for training: ``z (B, T, z_size)``, ``action (B, T, action_size)``.

        Output at step t predicts z[t+1] (and the reward/done of taking action[t] in z[t]).
        The returned state is ``(h, c)``, each ``(B, hidden_size)``.
        """
        x = torch.cat([z, action], dim=-1)
        if state is not None:
            state = (state[0].unsqueeze(0), state[1].unsqueeze(0))
        h_seq, (h, c) = self.lstm(x, state)
        return self.heads(h_seq), (h.squeeze(0), c.squeeze(0))

    def step(
        self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[MDNOutput, torch.Tensor, torch.Tensor]:
        """One-step API for dreaming: ``z (B, z_size)``, ``action (B, action_size)``, explicit ``(h, c)``."""
        h, c = self.advance(z, action, h, c)
        return self.heads(h), h, c

    def advance(
        self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The LSTM half of :meth:`step`: the new ``(h, c)`` only (following real play needs no mixture)."""
        x = torch.cat([z, action], dim=-1)
        lstm = self.lstm
        return torch.lstm_cell(x, (h, c), lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0)

    def initial_state(self, batch: int, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
        """Zero ``(h, c)`` for ``batch`` sequences."""
        zeros = torch.zeros(batch, self.config.hidden_size, device=device)
        return zeros, zeros.clone()

    @torch.no_grad()
    def collapsed_dims(self) -> list[int]:
        """z dimensions whose mixture components are all identical: they get identical gradients and never separate,
        so training leaves that dimension one Gaussian (e.g. a head block added with zero weights)."""
        c = self.config
        if c.mixtures < 2:
            return []
        rows = torch.cat([self.mdn.weight, self.mdn.bias[:, None]], dim=1).view(c.z_size, 3, c.mixtures, -1)
        return [d for d in range(c.z_size) if bool((rows[d] == rows[d, :, :1]).all())]


def lstm_cell_update(gates: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The LSTM cell after its products: ``gates`` (..., 4H) in PyTorch's i, f, g, o order and the cell ``c`` ->
    the new ``(h, c)``. For steps that write the products out (stacked members, bf16, export)."""
    i, f, g, o = gates.chunk(4, dim=-1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


class LowPrecisionStep(nn.Module):
    """M's step with its matrix products in bfloat16 (weights stored in bf16; products accumulated in float32 and
    rounded to bf16 on output) and everything else in float32: the reduced-precision dream, for CPUs and GPUs with
    native bf16. One product for the LSTM (``concat(z, action, h) @ w``; two cost up to ~10% of the step) and one for
    every head."""

    def __init__(self, m: MDNRNN) -> None:
        super().__init__()
        self.config = m.config
        lstm = m.lstm
        heads = [m.mdn] + [h for h in (m.reward_head, m.done_head) if h is not None]
        with torch.no_grad():
            w = torch.cat([lstm.weight_ih_l0, lstm.weight_hh_l0], 1)
            self.register_buffer("w", w.t().to(torch.bfloat16).contiguous())
            self.register_buffer("b", (lstm.bias_ih_l0 + lstm.bias_hh_l0).float())
            self.register_buffer("w_heads", torch.cat([h.weight for h in heads], 0).t().to(torch.bfloat16).contiguous())
            self.register_buffer("b_heads", torch.cat([h.bias for h in heads], 0).float())
        self.n_mdn = 3 * m.config.mixtures * m.config.z_size
        self.has_reward, self.has_done = m.reward_head is not None, m.done_head is not None

    def step(
        self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[MDNOutput, torch.Tensor, torch.Tensor]:
        """As :meth:`MDNRNN.step`; inputs and outputs are float32."""
        x = torch.cat([z, action, h], dim=-1).to(torch.bfloat16)
        h, c = lstm_cell_update((x @ self.w).float() + self.b, c)
        out = (h.to(torch.bfloat16) @ self.w_heads).float() + self.b_heads
        cfg = self.config
        mdn = out[..., : self.n_mdn].reshape(*h.shape[:-1], cfg.z_size, 3 * cfg.mixtures)
        logits, mu, logsigma = mdn.split(cfg.mixtures, dim=-1)
        reward = out[..., self.n_mdn] if self.has_reward else None
        done = out[..., self.n_mdn + int(self.has_reward)] if self.has_done else None
        return MDNOutput(logits, mu, logsigma.clamp(LOGSIGMA_MIN, LOGSIGMA_MAX), reward, done), h, c


class StepWeights(NamedTuple):
    """M's weights as float32 numpy arrays laid out for the single-env dream step: one matrix-vector product for
    the LSTM (``w @ concat(z, action, h) + b``) and one for every head (mixture, then reward, then done rows).

    The LSTM's gate rows come in the order (i, f, o, g), with the rows and biases of i, f and o halved (exact in
    float): one ``tanh`` over all gates then gives the sigmoids as ``(1 + tanh(x / 2)) / 2``."""

    w: np.ndarray
    b: np.ndarray
    w_heads: np.ndarray
    b_heads: np.ndarray


def step_weights(m: MDNRNN) -> StepWeights:
    """:class:`StepWeights` of ``m`` (copies, so the arrays are contiguous and independent of autograd)."""
    lstm = m.lstm
    heads = [m.mdn] + [h for h in (m.reward_head, m.done_head) if h is not None]
    with torch.no_grad():
        i, f, g, o = torch.cat([lstm.weight_ih_l0, lstm.weight_hh_l0], 1).chunk(4, 0)
        bi, bf, bg, bo = (lstm.bias_ih_l0 + lstm.bias_hh_l0).chunk(4, 0)
        w = torch.cat([0.5 * i, 0.5 * f, 0.5 * o, g], 0)
        b = torch.cat([0.5 * bi, 0.5 * bf, 0.5 * bo, bg], 0)
        w_heads = torch.cat([h.weight for h in heads], 0)
        b_heads = torch.cat([h.bias for h in heads], 0)
    return StepWeights(*(np.ascontiguousarray(t.cpu().numpy(), dtype=np.float32) for t in (w, b, w_heads, b_heads)))


def mdn_nll(out: MDNOutput, target: torch.Tensor) -> torch.Tensor:
    """Negative log-likelihood of ``target (..., z_size)`` under the mixture, per z dimension ``(..., z_size)``."""
    x = target.unsqueeze(-1)
    log_pi = F.log_softmax(out.logits, dim=-1)
    log_n = -0.5 * ((x - out.mu) * torch.exp(-out.logsigma)) ** 2 - out.logsigma - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(log_pi + log_n, dim=-1)


def sample_mixture(
    out: MDNOutput,
    temperature: torch.Tensor | float,
    uniform: torch.Tensor | None = None,
    normal: torch.Tensor | None = None,
) -> torch.Tensor:
    """Sample the next z with temperature tau, exactly as the original dream env.

    Mixture logits are divided by tau before the softmax, one component is chosen per z dimension, and
    ``z = mu_k + sigma_k * sqrt(tau) * N(0, 1)``. ``temperature`` is a float or a ``(B,)`` tensor.
    ``uniform`` and ``normal`` (``(B, z_size)``) are the random draws; fresh torch draws if omitted.
    The softmax and the cumulative sums run over a (component, z) layout: torch's kernels over a last dimension of
    a handful of components are about 9x slower than across the z dimension.
    """
    logits = out.logits
    if uniform is None:
        uniform = torch.rand(logits.shape[:-1], device=logits.device)
    if normal is None:
        normal = torch.randn(logits.shape[:-1], device=logits.device)
    tau = torch.as_tensor(temperature, dtype=logits.dtype, device=logits.device)
    if tau.dim() == 1:
        tau = tau.unsqueeze(-1)
    scaled = (logits / tau.unsqueeze(-1)).transpose(-1, -2).contiguous()  # (..., components, z)
    cumulative = torch.softmax(scaled, dim=-2).cumsum_(-2)
    below = (cumulative < uniform.unsqueeze(-2)).sum(-2)
    k = below.clamp_(max=logits.shape[-1] - 1).unsqueeze(-1)
    mu = out.mu.gather(-1, k).squeeze(-1)
    sigma = out.logsigma.gather(-1, k).squeeze(-1).exp()
    return mu + sigma * torch.sqrt(tau) * normal
