"""Plain torch models of the world model: V (VAE), M (MDN-RNN) and C (linear controller)."""

from dreamgym.models.controller import ControllerConfig, LinearController
from dreamgym.models.mdnrnn import MDNRNN, MDNRNNConfig
from dreamgym.models.vae import VAE, VAEConfig

__all__ = ["MDNRNN", "VAE", "ControllerConfig", "LinearController", "MDNRNNConfig", "VAEConfig"]
