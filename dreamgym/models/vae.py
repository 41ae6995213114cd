"""Convolutional VAE (the paper's V): 64x64x3 frames (or 128, 256) <-> z, layout as in Ha & Schmidhuber (2018)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

FRAME_SIZES = (64, 128, 256)


@dataclass(frozen=True)
class VAEConfig:
    """Architecture of V: the latent size, and the frame size (the paper's 64, or 128 or 256 for games whose
    small objects a 64x64 frame loses; each doubling adds one halving conv and one doubling deconv)."""

    z_size: int = 32
    frame_size: int = 64

    def __post_init__(self) -> None:
        if self.frame_size not in FRAME_SIZES:
            raise ValueError(f"frame_size must be one of {FRAME_SIZES}, got {self.frame_size!r}")

    @property
    def extra_layers(self) -> int:
        """Halving (encoder) and doubling (decoder) layers around the paper's 64x64 stack."""
        return FRAME_SIZES.index(self.frame_size)


class VAE(nn.Module):
    """Encoder 4x conv(k4, s2) -> 2x2x256 -> (mu, logvar); decoder dense -> 4x deconv -> sigmoid (the paper's V).

    Inputs are float images in [0, 1], shape ``(B, 3, S, S)`` (channels first), S = ``config.frame_size``. Above
    64, conv(k4, s2, p1) layers first halve the frame to 64x64 and deconv(k4, s2, p1) layers finally double it back.
    """

    def __init__(self, config: VAEConfig = VAEConfig()) -> None:
        super().__init__()
        self.config = config
        z, extra = config.z_size, config.extra_layers
        halving: list[nn.Module] = []
        for i in range(extra):
            halving += [nn.Conv2d(3 if i == 0 else 32, 32, 4, stride=2, padding=1), nn.ReLU()]
        self.encoder = nn.Sequential(
            *halving,
            nn.Conv2d(32 if extra else 3, 32, 4, stride=2),
            nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride=2),
            nn.ReLU(),
            nn.Conv2d(64, 128, 4, stride=2),
            nn.ReLU(),
            nn.Conv2d(128, 256, 4, stride=2),
            nn.ReLU(),
            nn.Flatten(),
        )
        self.fc_mu = nn.Linear(1024, z)
        self.fc_logvar = nn.Linear(1024, z)
        self.fc_decode = nn.Linear(z, 1024)
        doubling: list[nn.Module] = []
        for i in range(extra):
            last = i == extra - 1
            doubling += [nn.ConvTranspose2d(32, 3 if last else 32, 4, stride=2, padding=1)]
            doubling += [nn.Sigmoid() if last else nn.ReLU()]
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(1024, 128, 5, stride=2),
            nn.ReLU(),
            nn.ConvTranspose2d(128, 64, 5, stride=2),
            nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 6, stride=2),
            nn.ReLU(),
            nn.ConvTranspose2d(32, 32 if extra else 3, 6, stride=2),
            nn.ReLU() if extra else nn.Sigmoid(),
            *doubling,
        )

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``(mu, logvar)``, each ``(B, z_size)``, for images ``x`` in [0, 1]."""
        h = self.encoder(x)
        return self.fc_mu(h), self.fc_logvar(h)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Return images ``(B, 3, S, S)`` in [0, 1] for latents ``z``."""
        h = self.fc_decode(z).view(-1, 1024, 1, 1)
        return self.decoder(h)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Reparameterised pass: ``(reconstruction, mu, logvar)``."""
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def vae_loss(
    recon: torch.Tensor,
    x: torch.Tensor,
    mu: torch.Tensor,
    logvar: torch.Tensor,
    kl_tolerance: float = 0.5,
    pixel_weight: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The original loss: per-image summed squared error + KL floored at ``kl_tolerance * z_size``.

    ``pixel_weight`` ``(B, 1, H, W)`` scales each pixel's squared error (see :func:`salient_weight`); None is the
    original loss. Returns ``(total, reconstruction, kl)``, each averaged over the batch; ``reconstruction`` is the
    unweighted squared error, comparable across weightings.
    """
    squared = F.mse_loss(recon.float(), x.float(), reduction="none")
    rec = squared.sum(dim=(1, 2, 3)).mean()
    fit = rec if pixel_weight is None else (squared * pixel_weight).sum(dim=(1, 2, 3)).mean()
    kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
    floor = kl_tolerance * mu.shape[1]
    return fit + torch.clamp(kl, min=floor), rec, kl


def salient_weight(
    x: torch.Tensor, colour: tuple[tuple[int, int, int], tuple[int, int, int]], weight: float
) -> torch.Tensor:
    """Per-pixel loss weights ``(B, 1, H, W)`` for images ``x`` in [0, 1]: ``1 + weight`` where the pixel's colour
    lies in the RGB box ``colour``, else 1 (small objects such as distant projectiles otherwise barely move the loss)."""
    low = torch.tensor(colour[0], dtype=x.dtype, device=x.device).view(1, 3, 1, 1) / 255
    high = torch.tensor(colour[1], dtype=x.dtype, device=x.device).view(1, 3, 1, 1) / 255
    inside = ((x >= low) & (x <= high)).all(dim=1, keepdim=True)
    return 1.0 + weight * inside.to(x.dtype)


def frames_to_tensor(frames: torch.Tensor) -> torch.Tensor:
    """uint8 ``(B, S, S, 3)`` frames -> float ``(B, 3, S, S)`` in [0, 1]."""
    return frames.permute(0, 3, 1, 2).float().div_(255.0)


def tensor_to_frames(images: torch.Tensor) -> torch.Tensor:
    """Float ``(B, 3, S, S)`` images in [0, 1] -> uint8 ``(B, S, S, 3)`` frames."""
    return (images.clamp(0, 1) * 255.0).round().to(torch.uint8).permute(0, 2, 3, 1).contiguous()
