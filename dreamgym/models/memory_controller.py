"""A controller that carries its own M: C reads ``concat(z, h)`` with h from the M it was trained in.

A linear controller learns the h of one M. Given another M's h (a newer dream, or the real twin of other
weights) it sees different features and drives differently. Carrying its M, it steps that M on the observed z
and its own actions and ignores the h in the observation: it plays the same wherever z comes from one V, so a
weight directory can ship a dream of one M and a controller trained in the dream of another.
"""

from __future__ import annotations

import torch
from torch import nn

from dreamgym.models.controller import ControllerConfig, LinearController
from dreamgym.models.mdnrnn import MDNRNN

DISCRETE_MAPS = ("threshold3", "argmax")
"""Action maps whose actions are class indices (M reads them one-hot)."""


class MemoryController(nn.Module):
    """``controller`` on ``concat(z, h)``, with ``h`` from its own ``memory`` (an M), one state row per episode.

    Stateful: call :meth:`reset` before each batch of episodes (h = c = 0, as every dream and real twin start).
    The state advances on each call; when the env plays another action than the one returned (exploration
    noise), tell :meth:`played` before the next call.
    """

    def __init__(self, controller: LinearController, memory: MDNRNN) -> None:
        super().__init__()
        cfg, mem = controller.config, memory.config
        if cfg.input_size != mem.z_size + mem.hidden_size:
            raise ValueError(
                f"the controller takes {cfg.input_size} inputs; its memory gives z_size + hidden_size = "
                f"{mem.z_size + mem.hidden_size}"
            )
        classes = 3 if cfg.action_map == "threshold3" else cfg.output_size
        if mem.action_size != classes:
            raise ValueError(
                f"the memory reads {mem.action_size} action inputs; the controller's actions need {classes}"
            )
        self.controller, self.memory = controller, memory
        self.discrete = cfg.action_map in DISCRETE_MAPS
        self._state: tuple[torch.Tensor, torch.Tensor] | None = None
        self._pending: tuple[torch.Tensor, torch.Tensor] | None = None

    @property
    def config(self) -> ControllerConfig:
        """The linear part's config (its ``input_size`` is ``z_size + `` the memory's ``hidden_size``)."""
        return self.controller.config

    @property
    def num_params(self) -> int:
        """Parameters of the linear part (CMA-ES tunes that; the memory is fixed)."""
        return self.controller.num_params

    def get_flat(self) -> torch.Tensor:
        """The linear part's parameters as one flat vector."""
        return self.controller.get_flat()

    def set_flat(self, theta: torch.Tensor) -> None:
        """Load the linear part's parameters from a flat vector."""
        self.controller.set_flat(theta)

    def reset(self) -> None:
        """Forget every episode: the next call starts from h = c = 0 with its batch size."""
        self._state, self._pending = None, None

    def played(self, actions: torch.Tensor) -> None:
        """The actions the env actually played after the last call (they replace the returned ones in M's input)."""
        if self._pending is None:
            raise RuntimeError("played() before any action was chosen")
        self._pending = (self._pending[0], torch.as_tensor(actions).reshape(self._pending[1].shape))

    def _encode(self, actions: torch.Tensor) -> torch.Tensor:
        if self.discrete:
            return nn.functional.one_hot(actions.long(), self.memory.config.action_size).float()
        return actions.float()

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        """Env actions for observations ``(B, >= z_size)`` whose first ``z_size`` columns are z."""
        z = obs[:, : self.memory.config.z_size].float()
        if self._state is None:
            self._state = self.memory.initial_state(z.shape[0], z.device)
        elif self._state[0].shape[0] != z.shape[0]:
            raise ValueError(
                f"a batch of {z.shape[0]} observations after a batch of {self._state[0].shape[0]}: call reset() "
                "before each new batch of episodes"
            )
        elif self._pending is not None:
            pz, pa = self._pending
            _, h, c = self.memory.step(pz, self._encode(pa), *self._state)
            self._state = (h, c)
        actions = self.controller(torch.cat([z, self._state[0]], dim=1))
        self._pending = (z, actions.clone())
        return actions


Controller = LinearController | MemoryController
"""What a controller file loads as: a linear C, or one carrying its own M."""


def reset_controller(controller: nn.Module | None) -> None:
    """Start new episodes: a controller with memory forgets its state; a linear one has none."""
    if isinstance(controller, MemoryController):
        controller.reset()
