#!/bin/bash
# Take Cover round 26 (docs/takecover_round26.md, rule committed before the run): round 25 with one change, a
# controller with a hidden layer of 8 tanh units (`train controller --hidden 8`) instead of the paper's linear C.
# CMA-ES from zero in round 24's dream, the same budget and seed; the choice among its saved controllers by 100 real
# episodes each on seeds 3000..3099; the held-out gate (seeds 2000..2099 against the shipped controller's 932.1),
# and only if it passes the seeds 1000..1099; then each saved controller's dream score (1000 episodes, seeds
# 2000..2999). Skips what is finished; the CMA-ES run resumes from its checkpoint, and from the files committed in
# HANDOFF when RUN has none.
# Usage: bash candidates/takecover_round26/run.sh RUN [HANDOFF FLAGS...]   (from the repo root; HANDOFF defaults to
# round 26's; round 27 passes its own and --diagonal, further flags of `train controller`)
set -e
R=$1; D=${2:-candidates/takecover_round26/handoff}; P=pretrained/takecover; H=candidates/takecover_round24/handoff
mkdir -p $R/weights $R/eval
cp $P/vae.safetensors $P/initial_latents.safetensors $H/mdnrnn.safetensors $R/weights/
if [ -f $D/cma_state.safetensors ] && [ ! -d $R/controller ]; then
  mkdir -p $R/controller && cp $D/* $R/controller/
fi
[ -f $R/controller/controller_mean_gen80.safetensors ] || dreamgym train controller --env DreamTakeCover-v0 \
  --weights $R/weights --out $R/controller --generations 80 --population 64 --rollouts 16 --keep-every 10 \
  --temperature 1.5 --seed 25 --hidden 8 "${@:3}"
bash candidates/takecover_round25/choose_gate.sh $R
