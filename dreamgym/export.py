"""`dreamgym export ENV --format onnx --out DIR`: a dream as ONNX graphs, to run outside Python.

Three graphs and a manifest: ``decoder.onnx`` (z -> 64x64 RGB uint8 frame), ``dream_step.onnx`` (one step of M with
its random inputs explicit, so a caller that feeds the same draws reproduces a dream exactly), ``controller.onnx``
(observation -> action, when the weights have a controller; ``controller_memory.onnx`` too when it carries its own
M), plus ``initial_latents.safetensors`` (where dreams
start) and ``dream.json`` (shapes, the draws' layout and how dreamgym generates them).
"""

from __future__ import annotations

import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from dreamgym.cli_args import arg
from dreamgym.envs import counter_rng
from dreamgym.envs.registration import game_for_id
from dreamgym.envs.spec import Z_BOUND, GameSpec
from dreamgym.errors import ConfigError
from dreamgym.models.mdnrnn import MDNRNN, lstm_cell_update, sample_mixture
from dreamgym.models.memory_controller import MemoryController
from dreamgym.models.vae import VAE, tensor_to_frames
from dreamgym.weights import LATENTS_FILE, load_world_model, resolve_weights

FORMATS = ("onnx",)
OPSET = 17


@dataclass
class ExportArgs:
    """Arguments of `dreamgym export`."""

    env: str = arg(help="a registered dream id (see `dreamgym --help` for the games)", positional=True)
    out: Path = arg(help="directory for the graphs and dream.json")
    format: str = arg("onnx", f"export format: {', '.join(FORMATS)}")
    weights: Path | None = arg(None, "weight directory (default: the shipped one)")


class DreamStep(nn.Module):
    """M's dream step as one graph, exactly as the dream env steps (the LSTM cell written out, for export).

    Inputs: ``z (B, Z)``, ``action`` (``(B,)`` int64 for a discrete game, else ``(B, A)`` float), ``h, c (B, H)``,
    ``temperature (B,)``, ``draws (B, 3Z + 1)`` uniforms in (0, 1): mixture choice, two Box-Muller inputs, the
    termination draw. Outputs: ``next_z``, ``h``, ``c``, ``done_probability`` (0 without a done head), ``reward``
    (M's reward head, or 1 per step alive).
    """

    def __init__(self, m: MDNRNN, game: GameSpec) -> None:
        super().__init__()
        self.m, self.discrete = m, game.discrete_actions
        self.reward_from_model = game.reward_from_model and m.reward_head is not None

    def forward(
        self,
        z: torch.Tensor,
        action: torch.Tensor,
        h: torch.Tensor,
        c: torch.Tensor,
        temperature: torch.Tensor,
        draws: torch.Tensor,
    ) -> tuple[torch.Tensor, ...]:
        if self.discrete:
            action = (action.unsqueeze(1) == torch.arange(self.discrete, device=action.device)).float()
        lstm = self.m.lstm
        gates = torch.cat([z, action], 1) @ lstm.weight_ih_l0.t() + h @ lstm.weight_hh_l0.t()
        h, c = lstm_cell_update(gates + lstm.bias_ih_l0 + lstm.bias_hh_l0, c)
        out = self.m.heads(h)
        zs = z.shape[1]
        eps = counter_rng.box_muller(draws[:, zs : 2 * zs], draws[:, 2 * zs : 3 * zs])
        next_z = sample_mixture(out, temperature, draws[:, :zs], eps).clamp(-Z_BOUND, Z_BOUND)
        ones = torch.ones_like(temperature)
        done = torch.sigmoid(out.done_logit) if out.done_logit is not None else torch.zeros_like(temperature)
        reward = out.reward if self.reward_from_model else ones
        return next_z, h, c, done, reward


class MemoryStep(nn.Module):
    """The LSTM cell of a controller's own M: ``(z, action, h, c)`` -> its next ``(h, c)``; the controller reads
    ``concat(z, h)`` (h = c = 0 at an episode's start)."""

    def __init__(self, m: MDNRNN, game: GameSpec) -> None:
        super().__init__()
        self.m, self.discrete = m, game.discrete_actions

    def forward(
        self, z: torch.Tensor, action: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if self.discrete:
            action = (action.unsqueeze(1) == torch.arange(self.discrete, device=action.device)).float()
        lstm = self.m.lstm
        gates = torch.cat([z, action], 1) @ lstm.weight_ih_l0.t() + h @ lstm.weight_hh_l0.t()
        return lstm_cell_update(gates + lstm.bias_ih_l0 + lstm.bias_hh_l0, c)


class Decoder(nn.Module):
    """V's decoder to uint8 frames ``(B, S, S, 3)``, as the dream renders them (from z's first V dimensions; the
    measurements after them are not drawn)."""

    def __init__(self, vae: VAE) -> None:
        super().__init__()
        self.vae = vae

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return tensor_to_frames(self.vae.decode(z[:, : self.vae.config.z_size]))


def export(args: ExportArgs) -> Path:
    """Write the graphs, the initial latents and ``dream.json`` into ``args.out``."""
    if args.format not in FORMATS:
        raise ConfigError(f"--format must be one of {FORMATS}, got {args.format!r}")
    try:
        import onnx  # noqa: F401
    except ImportError as e:
        raise ConfigError("ONNX export needs the onnx package: pip install 'dreamgym[onnx]'") from e
    game = game_for_id(args.env, args.weights)
    if args.env.removeprefix("dreamgym:") != game.dream_id:
        raise ConfigError(f"export takes a dream id ({game.dream_id}), got {args.env}")
    weights = resolve_weights(game, args.weights)
    wm = load_world_model(weights)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    zs, hs = wm.z_size, wm.mdnrnn.config.hidden_size
    b = 2
    z, h = torch.zeros(b, zs), torch.zeros(b, hs)
    action = torch.zeros(b, dtype=torch.int64) if game.discrete_actions else torch.zeros(b, game.action_size)
    _export(
        DreamStep(wm.mdnrnn, game),
        (z, action, h, h.clone(), torch.ones(b), torch.full((b, 3 * zs + 1), 0.5)),
        out / "dream_step.onnx",
        ["z", "action", "h", "c", "temperature", "draws"],
        ["next_z", "next_h", "next_c", "done_probability", "reward"],
    )
    _export(Decoder(wm.vae), (z,), out / "decoder.onnx", ["z"], ["frame"])
    files = ["dream_step.onnx", "decoder.onnx", LATENTS_FILE]
    controller_note = "observation -> action: concat(z, h) with the dream's h"
    if isinstance(wm.controller, MemoryController):
        own = wm.controller.memory
        own_h = torch.zeros(b, own.config.hidden_size)
        _export(
            wm.controller.controller, (torch.cat([z, own_h], 1),), out / "controller.onnx", ["observation"], ["action"]
        )
        _export(
            MemoryStep(own, game),
            (z, action, own_h, own_h.clone()),
            out / "controller_memory.onnx",
            ["z", "action", "h", "c"],
            ["next_h", "next_c"],
        )
        files += ["controller.onnx", "controller_memory.onnx"]
        controller_note = (
            "observation -> action: concat(z, h) with h from the controller's own M (controller_memory.onnx, "
            "stepped on each z and the action played; h = c = 0 at the start), not the dream's h"
        )
    elif wm.controller is not None:
        _export(wm.controller, (torch.zeros(b, zs + hs),), out / "controller.onnx", ["observation"], ["action"])
        files.append("controller.onnx")
    shutil.copyfile(weights / LATENTS_FILE, out / LATENTS_FILE)
    manifest: dict[str, Any] = {
        "env": game.dream_id,
        "weights": str(weights),
        "files": files,
        "z_size": zs,
        "measurements": list(game.measurements[: wm.mdnrnn.config.measured]),
        "hidden_size": hs,
        "actions": game.describe_actions(),
        "action_input": "int64 (B,)" if game.discrete_actions else f"float32 (B, {game.action_size})",
        "default_temperature": game.default_temperature,
        "termination": game.termination,
        "termination_rule": "threshold: done_probability > 0.5; sample: draws[:, 3Z] < done_probability",
        "step_reward": game.step_reward,
        "reward_budget": game.reward_budget,
        "reward_rule": "with a reward_budget: an episode earns reward - step_reward a step, at most the budget in all; "
        "the step that reaches it pays what is left (+ step_reward) and ends the episode",
        "observation": "concat(next_z, next_h) (the dream's 'latent' observation)",
        **({"controller": controller_note} if wm.controller is not None else {}),
        "z_bound": Z_BOUND,
        "draws": {
            "layout": "[0, Z): mixture choice; [Z, 2Z) and [2Z, 3Z): Box-Muller inputs; [3Z]: termination",
            "generator": "dreamgym.envs.counter_rng.uniform(key, counter, 3Z + 1): a pure function of the "
            "episode's key and step counter (step t uses counter t); any uniforms in (0, 1) make a valid dream",
        },
        "start": "z0 = mu[k] + exp(0.5 logvar[k]) * N(0, 1) for a random row k of initial_latents.safetensors, "
        f"clipped to +-{Z_BOUND}; h = c = 0",
        "opset": OPSET,
    }
    (out / "dream.json").write_text(json.dumps(manifest, indent=1))
    print(f"wrote {', '.join(files)} and dream.json to {out}")
    return out


def _export(module: nn.Module, inputs: tuple, path: Path, names: list[str], outputs: list[str]) -> None:
    module.eval()
    axes = {n: {0: "batch"} for n in names + outputs}
    with torch.no_grad(), warnings.catch_warnings():
        # the TorchScript exporter (deprecated in torch 2.9, still shipped): its graphs are checked by the parity test
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        torch.onnx.export(
            module,
            inputs,
            str(path),
            input_names=names,
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
