#!/bin/bash
# CarRacing round 14, steps 2-6 after collect.sh (rule in docs/carracing_round14.md, committed before they ran):
# encode with the shipped V (speed appended), widen round 10's M and C to read the speed, fine-tune the M, CMA-ES
# from the widened C in its dream, the dream's choice, then the held-out gate. Every step skips what is finished.
# Usage: bash candidates/carracing_round14/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded --measurements
[ -f $R/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $R/widened
dreamgym train mdnrnn carracing --encoded $R/encoded --out $R/mdnrnn --steps 1000 \
  --init $R/widened/mdnrnn.safetensors --seed 14
mkdir -p $R/weights
cp $P/vae.safetensors $R/mdnrnn/mdnrnn.safetensors $R/encoded/initial_latents.safetensors $R/weights/
dreamgym train controller --env DreamCarRacing-v0 --weights $R/weights --out $R/controller --population 64 \
  --rollouts 16 --generations 30 --sigma0 0.05 --init $R/widened/controller.safetensors --eval-every 10 \
  --eval-rollouts 256 --keep-every 10 --seed 14
mkdir -p $R/eval
for c in mean best; do
  [ -f $R/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $R/weights \
    --controller $R/controller/controller_$c.safetensors --episodes 256 --seed 50000 --out $R/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $R/eval/dream_mean.json $R/eval/dream_best.json)
mkdir -p $R/ship
cp $R/weights/vae.safetensors $R/weights/mdnrnn.safetensors $R/weights/initial_latents.safetensors $R/ship/
[ -f $R/ship/controller.safetensors ] || dreamgym bundle $R/controller/controller_$C.safetensors \
  --memory $R/mdnrnn/mdnrnn.safetensors --out $R/ship/controller.safetensors
[ -f $R/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $R/ship --episodes 100 --seed 2000 \
  --workers 2 --out $R/eval/real_2000.json
