#!/bin/bash
# The dream-judging part of rounds 22 to 27's runs: round 18's widened C (CMA-ES's start), RUN/weights (the shipped V,
# RUN's M, round 18's initial latents) and zoo v4 on it (20 episodes, seeds 1000..1019) paired with PREV's
# fidelity.json, which is copied into HANDOFF. Skips what is done.
# Usage: bash candidates/carracing_round22/judge.sh RUN PREV HANDOFF   (from the repo root; RUN/mdnrnn holds the M)
set -e
R=$1; F=$2; H=$3; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
mkdir -p $R/weights
[ -f $R/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $R/widened
cp $P/vae.safetensors $R/mdnrnn/mdnrnn.safetensors candidates/carracing_round18/handoff/initial_latents.safetensors \
  $R/weights/
[ -f $R/fidelity/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights --zoo $Z --episodes 20 \
  --seed 1000 --out $R/fidelity --compare $F/fidelity.json
[ -f $H/fidelity.json ] || cp $R/fidelity/fidelity.json $H/
