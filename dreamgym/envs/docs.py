"""Gymnasium-style env documentation, generated from a game's spec so it cannot drift from the registered id."""

from __future__ import annotations

from dreamgym.envs.spec import GameSpec


def env_doc(game: GameSpec) -> str:
    """The docstring of ``game.dream_id`` in Gymnasium's sections (Action Space, Observation Space, ...)."""
    d = game.docs
    solved = f" The task counts as solved above {game.reward_threshold:g}." if game.reward_threshold else ""
    return f"""{d.get("summary", f"{game.source_id} inside M's dream.")}

    ## Action Space
    `{game.describe_actions()}`, identical to the real game's.

    ## Observation Space
    - `observation="latent"` (default): concat(z, h), z ({game.z_size} by default) the sampled latent of the next
      frame and h ({game.hidden_size} by default) M's LSTM output (sizes come from the weights).{_measured(game)}
    - `observation="z"`: z alone.
    - `observation="pixels"`: `Box(0, 255, (S, S, 3), uint8)`, V's decoding of z (S: V's frame size, 64 by
      default).

    ## Rewards
    {d.get("rewards", "M's reward head." if game.reward_from_model else "+1 per step alive.")}{solved}

    ## Episode Termination
    {d.get("termination", "Terminated when M's done head predicts the end")}; truncated at
    {game.max_episode_steps} steps.

    ## Arguments
    - `temperature` (float, default {game.default_temperature}): M's sampling temperature tau, finite and > 0.
    - `observation` ("latent" | "z" | "pixels").
    - `weights` (directory, default the shipped `pretrained/{game.name}`).
    - `device` (default "cpu"), `render_mode` ("rgb_array" | "human"), `render_scale` (default 4),
      `termination` ("threshold" | "sample", default "{game.termination}"), `ensemble` ("off" | "episode" |
      "pessimistic", default "off": with an ensemble of M, one member per episode, or death when any member
      predicts it), `dtype` ("float32" | "bfloat16": M's matrix products in bf16 where the hardware has it natively;
      refused elsewhere), `reward_budget` ("game" | None | a number, default "game": the most an episode earns above
      the per-step reward{f", {game.reward_budget:g} for this game" if game.reward_budget else ", none for this game"};
      the dream ends the episode that reaches it; None pays whatever M predicts), `disagreement_penalty` (float >= 0,
      default 0; pessimistic ensemble only: each step pays this times the members' disagreement on the next z less).

    ## Version History
    - v0: first release.
    """


def _measured(game: GameSpec) -> str:
    """The docs' note on the game's measurements, if it has any."""
    if not game.measurements:
        return ""
    names = ", ".join(game.measurements)
    return (
        f"\n      Weights whose M was trained with the game's measurements ({names}, read off each real frame) "
        "append them to z."
    )
