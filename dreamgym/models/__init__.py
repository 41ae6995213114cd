"""Plain torch models of the world model: V (VAE), M (MDN-RNN) and C (linear controller), and MLP policies
(e.g. PPO actors) for the fidelity benchmark's policy zoo."""

from dreamgym.models.controller import ControllerConfig, LinearController
from dreamgym.models.mdnrnn import MDNRNN, MDNRNNConfig
from dreamgym.models.memory_controller import Controller, MemoryController, reset_controller
from dreamgym.models.mlp_policy import MLPPolicy, MLPPolicyConfig
from dreamgym.models.vae import VAE, VAEConfig

__all__ = [
    "MDNRNN",
    "VAE",
    "Controller",
    "ControllerConfig",
    "LinearController",
    "MDNRNNConfig",
    "MLPPolicy",
    "MLPPolicyConfig",
    "MemoryController",
    "VAEConfig",
    "reset_controller",
]
