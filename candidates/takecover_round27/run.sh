#!/bin/bash
# Take Cover round 27 (docs/takecover_round27.md, rule committed before the run): round 26 with one change, a
# separable CMA-ES (`train controller --diagonal`) for the controller with a hidden layer of 8 tanh units. The same
# dream (round 24's M), budget and seed; the same choice and gate (candidates/takecover_round25/choose_gate.sh).
# Skips what is finished; the CMA-ES run resumes from its checkpoint, and from the files committed in handoff/ when
# RUN has none.
# Usage: bash candidates/takecover_round27/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/takecover; H=candidates/takecover_round24/handoff
mkdir -p $R/weights $R/eval
cp $P/vae.safetensors $P/initial_latents.safetensors $H/mdnrnn.safetensors $R/weights/
D=candidates/takecover_round27/handoff
if [ -f $D/cma_state.safetensors ] && [ ! -d $R/controller ]; then
  mkdir -p $R/controller && cp $D/* $R/controller/
fi
[ -f $R/controller/controller_mean_gen80.safetensors ] || dreamgym train controller --env DreamTakeCover-v0 \
  --weights $R/weights --out $R/controller --generations 80 --population 64 --rollouts 16 --keep-every 10 \
  --temperature 1.5 --seed 25 --hidden 8 --diagonal
bash candidates/takecover_round25/choose_gate.sh $R
