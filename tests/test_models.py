"""V, M and C: sizes from the paper, one-step vs sequence API, temperature sampling."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.games import GAMES
from dreamgym.models import MDNRNN, VAE, ControllerConfig, LinearController, MDNRNNConfig, VAEConfig
from dreamgym.models.controller import row_actions
from dreamgym.models.mdnrnn import LowPrecisionStep, mdn_nll, sample_mixture
from dreamgym.weights import load_controller, save_controller


@pytest.mark.parametrize(("z", "params"), [(32, 4_348_547), (64, 4_446_915)])
def test_vae_parameter_count_matches_paper(z: int, params: int) -> None:
    assert sum(p.numel() for p in VAE(VAEConfig(z)).parameters()) == params


def test_vae_shapes() -> None:
    vae = VAE(VAEConfig(8))
    x = torch.rand(2, 3, 64, 64)
    recon, mu, logvar = vae(x)
    assert recon.shape == x.shape and mu.shape == (2, 8) and logvar.shape == (2, 8)
    assert 0 <= recon.min() and recon.max() <= 1


def _m(**kw: object) -> MDNRNN:
    torch.manual_seed(0)
    return MDNRNN(MDNRNNConfig(z_size=4, action_size=3, hidden_size=16, mixtures=3, **kw))  # type: ignore[arg-type]


def test_step_api_matches_sequence_api() -> None:
    m = _m(done_head=True, reward_head=True)
    z, a = torch.randn(2, 5, 4), torch.randn(2, 5, 3)
    seq, (h_end, c_end) = m(z, a)
    h, c = m.initial_state(2)
    for t in range(5):
        out, h, c = m.step(z[:, t], a[:, t], h, c)
        torch.testing.assert_close(out.mu, seq.mu[:, t])
        torch.testing.assert_close(out.done_logit, seq.done_logit[:, t])
        torch.testing.assert_close(out.reward, seq.reward[:, t])
    torch.testing.assert_close(h, h_end)
    torch.testing.assert_close(c, c_end)


@pytest.mark.parametrize("heads", [(False, False), (True, True), (False, True)])
def test_bf16_step_is_the_lstm_step_to_bf16_precision(heads: tuple[bool, bool]) -> None:
    m = _m(reward_head=heads[0], done_head=heads[1])
    low = LowPrecisionStep(m)
    z, a = torch.randn(6, 4), torch.randn(6, 3)
    h, c = torch.randn(6, m.config.hidden_size), torch.randn(6, m.config.hidden_size)
    want, h1, c1 = m.step(z, a, h, c)
    got, h2, c2 = low.step(z, a, h, c)
    for x, y in zip([*want, h1, c1], [*got, h2, c2], strict=True):
        assert (x is None) == (y is None)
        if x is not None:
            torch.testing.assert_close(y, x, atol=0.03, rtol=0.02)  # bf16: 8 significant bits


def test_optional_heads_absent() -> None:
    out, _ = _m()(torch.randn(1, 2, 4), torch.randn(1, 2, 3))
    assert out.reward is None and out.done_logit is None
    assert out.logits.shape == (1, 2, 4, 3)


def test_nll_is_lower_at_the_mean() -> None:
    out, _ = _m()(torch.randn(1, 1, 4), torch.randn(1, 1, 3))
    single = out._replace(logits=torch.tensor([[[[10.0, -10, -10]] * 4]]))
    at_mean = mdn_nll(single, single.mu[..., 0])
    far = mdn_nll(single, single.mu[..., 0] + 5)
    assert (at_mean < far).all()


def test_temperature_spread_grows_with_tau() -> None:
    out, _ = _m()(torch.zeros(1, 1, 4), torch.zeros(1, 1, 3))
    out = out._replace(
        logits=out.logits[:, 0].expand(4000, 4, 3),
        mu=out.mu[:, 0].expand(4000, 4, 3),
        logsigma=out.logsigma[:, 0].expand(4000, 4, 3),
    )
    torch.manual_seed(0)
    spreads = [sample_mixture(out, tau).std(0).mean().item() for tau in (0.01, 0.5, 1.0, 1.5)]
    assert spreads == sorted(spreads)
    assert spreads[0] < 0.25 * spreads[-1]


def test_small_tau_picks_the_most_likely_component_near_deterministically() -> None:
    out, _ = _m()(torch.zeros(1, 1, 4), torch.zeros(1, 1, 3))
    out = out._replace(
        logits=out.logits[:, 0].expand(500, 4, 3),
        mu=out.mu[:, 0].expand(500, 4, 3),
        logsigma=out.logsigma[:, 0].expand(500, 4, 3),
    )
    z = sample_mixture(out, 1e-4)
    best = out.logits[0].argmax(-1)
    expected = out.mu[0].gather(-1, best[:, None]).squeeze(-1)
    torch.testing.assert_close(z, expected.expand_as(z), atol=0.05, rtol=0)


@pytest.mark.parametrize(("hidden", "bias"), [(0, True), (4, True), (4, False)])
def test_controller_action_maps_and_per_row_candidates(hidden: int, bias: bool) -> None:
    config = ControllerConfig(6, 3, "steer_gas_brake", bias, hidden_size=hidden)
    c = LinearController(config)
    assert c.num_params == (6 * 3 + 3 * bias if not hidden else 6 * 4 + 4 * 3 + (4 + 3) * bias)
    theta = torch.randn(c.num_params)
    c.set_flat(theta)
    assert torch.equal(c.get_flat(), theta)
    obs = torch.randn(5, 6)
    a = c(obs)
    assert a.shape == (5, 3) and (a[:, 1] >= 0).all() and (a[:, 2] >= 0).all() and (a.abs() <= 1).all()
    other = LinearController(config)
    other.set_flat(torch.randn(c.num_params))
    thetas = torch.stack([other.get_flat(), c.get_flat()])
    owner = torch.tensor([1, 0, 1, 1, 0])  # rows in any order, each played by its own candidate
    expected = torch.where((owner == 1)[:, None], a, other(obs))
    torch.testing.assert_close(row_actions(c.config, thetas, owner, obs), expected)
    d = LinearController(ControllerConfig(6, 1, "threshold3"))
    d.set_flat(torch.tensor([1.0, 0, 0, 0, 0, 0, 0]))
    acts = d(torch.tensor([[2.0, 0, 0, 0, 0, 0], [-2.0, 0, 0, 0, 0, 0], [0.0, 0, 0, 0, 0, 0]]))
    assert acts.tolist() == [1, 2, 0]
    with pytest.raises(ValueError, match="parameters"):
        d.set_flat(torch.zeros(3))
    with pytest.raises(ValueError, match="action_map must be one of"):
        LinearController(ControllerConfig(4, 1, "no_such_map"))
    with pytest.raises(ValueError, match="hidden_size must be an integer >= 0"):
        ControllerConfig(4, 1, "threshold3", hidden_size=-1)


def test_a_controller_with_a_hidden_layer_saves_and_loads(tmp_path: Path) -> None:
    c = LinearController(ControllerConfig(6, 1, "threshold3", hidden_size=3))
    c.set_flat(torch.randn(c.num_params))
    save_controller(c, tmp_path / "c.safetensors")
    loaded = load_controller(tmp_path / "c.safetensors")[0]
    obs = torch.randn(7, 6)
    assert loaded.config.hidden_size == 3 and torch.equal(loaded.get_flat(), c.get_flat())
    assert torch.equal(loaded(obs), c(obs))


@pytest.mark.parametrize("game", [g for g in GAMES.values() if g.controller_map], ids=lambda g: g.name)
def test_action_maps_named_after_their_game_by_earlier_releases_still_load(game: GameSpec) -> None:
    assert ControllerConfig(4, game.controller_outputs, game.name).action_map == game.controller_map


def test_salient_pixels_weigh_more_in_the_vae_loss_but_not_in_its_reported_reconstruction() -> None:
    from dreamgym.envs import GAMES
    from dreamgym.models.vae import salient_weight, vae_loss

    x = torch.full((2, 3, 4, 4), 0.3)
    x[0, :, 1, 2] = torch.tensor([250, 220, 100]) / 255  # one fireball-coloured pixel
    w = salient_weight(x, GAMES["takecover"].salient_colour, 9.0)
    assert w.shape == (2, 1, 4, 4) and w[0, 0, 1, 2] == 10.0 and w.sum() == 2 * 16 + 9
    recon, mu, logvar = x.clone(), torch.zeros(2, 4), torch.zeros(2, 4)
    recon[0, :, 1, 2] = 0.0
    plain_total, plain_rec, _ = vae_loss(recon, x, mu, logvar)
    total, rec, _ = vae_loss(recon, x, mu, logvar, pixel_weight=w)
    assert rec == plain_rec and torch.isclose(total - 2.0, 10 * (plain_total - 2.0))  # KL floor 0.5 x 4 = 2


def test_collapsed_dims_finds_a_zero_block_and_training_keeps_it_collapsed() -> None:
    m = _m()
    assert m.collapsed_dims() == []
    c = m.config
    with torch.no_grad():
        m.mdn.weight.view(c.z_size, -1, c.hidden_size)[2] = 0.0  # z dimension 2's block added with zero weights
        m.mdn.bias.view(c.z_size, -1)[2] = 0.0
    assert m.collapsed_dims() == [2]
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    for _ in range(3):
        out, _ = m(torch.randn(2, 5, 4), torch.randn(2, 5, 3))
        opt.zero_grad()
        mdn_nll(out, torch.randn(2, 5, 4)).mean().backward()
        opt.step()
    assert m.collapsed_dims() == [2]  # identical components get identical gradients
