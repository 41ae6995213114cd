"""An ensemble of M: K MDN-RNNs of one architecture stepped together, one batched matmul per layer.

The dream uses it to draw one member per episode (a learner cannot exploit one model's errors) or to end an
episode when any member predicts death (a pessimistic dream, as PETS and MOPO penalise model disagreement).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from dreamgym.models.mdnrnn import LOGSIGMA_MAX, LOGSIGMA_MIN, MDNRNN, MDNOutput, lstm_cell_update


class StackedMDNRNN(nn.Module):
    """K members' weights stacked along a leading dimension; ``step`` advances all of them on the same inputs."""

    def __init__(self, members: Sequence[MDNRNN]) -> None:
        super().__init__()
        if not members:
            raise ValueError("an ensemble needs at least one member")
        self.config = members[0].config
        if any(m.config != self.config for m in members):
            raise ValueError("every ensemble member must have the same MDNRNNConfig")
        self.size = len(members)

        def stack(get: object) -> torch.Tensor:
            return torch.stack([get(m).detach() for m in members])  # type: ignore[operator]

        self.register_buffer("w_ih", stack(lambda m: m.lstm.weight_ih_l0.t()))
        self.register_buffer("w_hh", stack(lambda m: m.lstm.weight_hh_l0.t()))
        self.register_buffer("b_lstm", stack(lambda m: (m.lstm.bias_ih_l0 + m.lstm.bias_hh_l0).unsqueeze(0)))
        self.register_buffer("w_mdn", stack(lambda m: m.mdn.weight.t()))
        self.register_buffer("b_mdn", stack(lambda m: m.mdn.bias.unsqueeze(0)))
        for head in ("reward_head", "done_head"):
            if getattr(members[0], head) is not None:
                self.register_buffer(f"w_{head}", stack(lambda m, h=head: getattr(m, h).weight.t()))
                self.register_buffer(f"b_{head}", stack(lambda m, h=head: getattr(m, h).bias.unsqueeze(0)))

    def initial_state(self, batch: int, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
        """Zero ``(h, c)`` of every member, each ``(K, batch, hidden_size)``."""
        zeros = torch.zeros(self.size, batch, self.config.hidden_size, device=device)
        return zeros, zeros.clone()

    def step(
        self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[MDNOutput, torch.Tensor, torch.Tensor]:
        """All members consume ``z (B, z_size)`` and ``action (B, action_size)`` from their own ``(h, c)``
        ``(K, B, hidden)``; outputs carry a leading member dimension ``K``."""
        x = torch.cat([z, action], dim=-1)
        gates = torch.baddbmm(self.b_lstm, h, self.w_hh) + torch.matmul(x, self.w_ih)
        h, c = lstm_cell_update(gates, c)
        cfg = self.config
        out = torch.baddbmm(self.b_mdn, h, self.w_mdn).view(*h.shape[:-1], cfg.z_size, 3 * cfg.mixtures)
        logits, mu, logsigma = out.split(cfg.mixtures, dim=-1)
        heads = []
        for head in ("reward_head", "done_head"):
            w = getattr(self, f"w_{head}", None)
            heads.append(None if w is None else torch.baddbmm(getattr(self, f"b_{head}"), h, w).squeeze(-1))
        return MDNOutput(logits, mu, logsigma.clamp(LOGSIGMA_MIN, LOGSIGMA_MAX), *heads), h, c


def pick_member(out: MDNOutput, member: torch.Tensor) -> MDNOutput:
    """Each dream's own member's outputs: ``out`` has a leading ``K`` dimension, ``member`` is ``(B,)``."""
    rows = torch.arange(member.numel(), device=member.device)
    return MDNOutput(*(None if t is None else t[member, rows] for t in out))


def disagreement(everyone: MDNOutput) -> torch.Tensor:
    """How much the members disagree on the next z, ``(B,)``: the spread (std over members) of each member's mixture
    mean, root-mean-squared over z; MOPO's penalty, large where the members' data are thin."""
    means = (torch.softmax(everyone.logits, dim=-1) * everyone.mu).sum(-1)
    return means.std(0, unbiased=False).square().mean(-1).sqrt()
