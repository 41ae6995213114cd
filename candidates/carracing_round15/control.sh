#!/bin/bash
# CarRacing round 15, run A: round 14 without the speed (docs/carracing_round15.md). Same 200 episodes, encoded
# without --measurements; round 10's M fine-tuned 1000 steps (same seed); CMA-ES from round 10's C in that dream
# (same settings and seed); the dream's choice; the held-out gate. Every step skips what is finished.
# Usage: bash candidates/carracing_round15/control.sh RUN   (RUN holds round 14's data/; from the repo root)
set -e
R=$1; P=pretrained/carracing; Z=$P/zoo; A=$R/control; export SDL_VIDEODRIVER=dummy
mkdir -p $A/weights $A/eval $A/ship
dreamgym encode --data $R/data --vae $P/vae.safetensors --out $A/encoded
[ -f $A/mdnrnn/mdnrnn.safetensors ] || dreamgym train mdnrnn carracing --encoded $A/encoded --out $A/mdnrnn \
  --steps 1000 --init $Z/mdnrnn_r10.safetensors --seed 14
cp $P/vae.safetensors $A/mdnrnn/mdnrnn.safetensors $A/encoded/initial_latents.safetensors $A/weights/
[ -f $A/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $A/weights --out $A/controller --population 64 --rollouts 16 --generations 30 --sigma0 0.05 \
  --init $Z/controller_r10.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 14
for c in mean best; do
  [ -f $A/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $A/weights \
    --controller $A/controller/controller_$c.safetensors --episodes 256 --seed 50000 --out $A/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $A/eval/dream_mean.json $A/eval/dream_best.json)
cp $A/weights/vae.safetensors $A/weights/mdnrnn.safetensors $A/weights/initial_latents.safetensors $A/ship/
[ -f $A/ship/controller.safetensors ] || dreamgym bundle $A/controller/controller_$C.safetensors \
  --memory $A/mdnrnn/mdnrnn.safetensors --out $A/ship/controller.safetensors
[ -f $A/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $A/ship --episodes 100 --seed 2000 \
  --workers 2 --out $A/eval/real_2000.json
