"""A/B in one process: the batched dream's env-steps/s with ``dtype="bfloat16"``, M's step before (two bf16 LSTM
products, as at 957d412) and after (:class:`LowPrecisionStep`: one product), both with the mixture pick of the commit
it runs at, float32 beside them, alternating 3-second windows. Run from the repo root where bf16 is native:
``python candidates/dream_speed/ab_step.py DreamTakeCover-v0 1024``."""

from __future__ import annotations

import sys

import gymnasium as gym
import torch
from windows import alternating_rates

import dreamgym  # noqa: F401
from dreamgym.models.mdnrnn import LOGSIGMA_MAX, LOGSIGMA_MIN, MDNRNN, MDNOutput, lstm_cell_update


class TwoProductsBf16:
    """The bf16 step before: input and hidden state in two bf16 products, ``torch``'s sigmoid gates."""

    def __init__(self, m: MDNRNN) -> None:
        lstm, heads = m.lstm, [m.mdn] + [h for h in (m.reward_head, m.done_head) if h is not None]
        with torch.no_grad():
            self.w_ih = lstm.weight_ih_l0.t().to(torch.bfloat16).contiguous()
            self.w_hh = lstm.weight_hh_l0.t().to(torch.bfloat16).contiguous()
            self.b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).float()
            self.w_heads = torch.cat([h.weight for h in heads], 0).t().to(torch.bfloat16).contiguous()
            self.b_heads = torch.cat([h.bias for h in heads], 0).float()
        self.cfg, self.n_mdn = m.config, 3 * m.config.mixtures * m.config.z_size
        self.has_reward, self.has_done = m.reward_head is not None, m.done_head is not None

    def step(self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor):
        """One step, as ``LowPrecisionStep.step`` computed it."""
        x = torch.cat([z, action], dim=-1).to(torch.bfloat16)
        gates = (x @ self.w_ih).float() + (h.to(torch.bfloat16) @ self.w_hh).float() + self.b
        h, c = lstm_cell_update(gates, c)
        out = (h.to(torch.bfloat16) @ self.w_heads).float() + self.b_heads
        mdn = out[:, : self.n_mdn].reshape(-1, self.cfg.z_size, 3 * self.cfg.mixtures)
        logits, mu, logsigma = mdn.split(self.cfg.mixtures, dim=-1)
        reward = out[:, self.n_mdn] if self.has_reward else None
        done = out[:, self.n_mdn + int(self.has_reward)] if self.has_done else None
        return MDNOutput(logits, mu, logsigma.clamp(LOGSIGMA_MIN, LOGSIGMA_MAX), reward, done), h, c


def main() -> None:
    env_id, num_envs = sys.argv[1], int(sys.argv[2])
    envs = {name: gym.make_vec(env_id, num_envs=num_envs, dtype=name.split()[0]) for name in VARIANTS}
    batch = envs["bfloat16 before"].unwrapped.batch
    batch.low = TwoProductsBf16(batch.wm.mdnrnn)
    print(env_id, num_envs, alternating_rates(envs))


VARIANTS = ("float32", "bfloat16 before", "bfloat16 after")

if __name__ == "__main__":
    main()
