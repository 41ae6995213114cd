#!/bin/bash
# Take Cover round 25 (docs/takecover_round25.md, rule committed before the run): CMA-ES from zero in round 24's
# dream (the M that chooses well among strong controllers), the choice among its saved controllers by 100 real
# episodes each on seeds 3000..3099 (held out from the gate and the seeds), the held-out gate (seeds
# 2000..2099 against the shipped controller's 932.1), and only if it passes the seeds 1000..1099. Also, for
# the record and after the choice, each saved controller's dream score (1000 episodes, seeds 2000..2999). Skips what
# is finished; the CMA-ES run resumes from its checkpoint, and its saved controllers, once committed in handoff/,
# start a new run directory.
# Usage: bash candidates/takecover_round25/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/takecover; H=candidates/takecover_round24/handoff
mkdir -p $R/weights $R/eval
cp $P/vae.safetensors $P/initial_latents.safetensors $H/mdnrnn.safetensors $R/weights/
if [ -f candidates/takecover_round25/handoff/controller_mean_gen80.safetensors ] && [ ! -d $R/controller ]; then
  mkdir -p $R/controller && cp candidates/takecover_round25/handoff/controller_*.safetensors $R/controller/
fi
[ -f $R/controller/controller_mean_gen80.safetensors ] || dreamgym train controller --env DreamTakeCover-v0 \
  --weights $R/weights --out $R/controller --generations 80 --population 64 --rollouts 16 --keep-every 10 \
  --temperature 1.5 --seed 25
bash candidates/takecover_round25/choose_gate.sh $R
