"""The training pipeline: collect -> VAE -> encode -> MDN-RNN -> CMA-ES controller -> evaluate."""
