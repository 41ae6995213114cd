#!/bin/bash
# CarRacing round 16, run G: C searched from a fresh start in run E's pessimistic ensemble dream
# (docs/carracing_round16.md): CMA-ES from zero weights, 60 generations of 64 x 16, sigma0 0.1 (the first round's
# length at the loop's rollouts); the dream's choice; the held-out gate. Needs ensemble.sh's weights. Skips what is
# finished. Usage: bash candidates/carracing_round16/fresh.sh RUN   (from the repo root)
set -e
R=$1; B=$R/turn2; E=$R/ensemble; G=$R/fresh; export SDL_VIDEODRIVER=dummy
mkdir -p $G/eval $G/ship
[ -f $G/controller/controller_mean_gen60.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $E/weights --ensemble pessimistic --out $G/controller --population 64 --rollouts 16 --generations 60 \
  --sigma0 0.1 --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 16
for c in mean best; do
  [ -f $G/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $E/weights \
    --env-kwargs '{"ensemble": "pessimistic"}' --controller $G/controller/controller_$c.safetensors \
    --episodes 256 --seed 50000 --out $G/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $G/eval/dream_mean.json $G/eval/dream_best.json)
cp $E/weights/vae.safetensors $E/weights/mdnrnn.safetensors $E/weights/initial_latents.safetensors $G/ship/
[ -f $G/ship/controller.safetensors ] || dreamgym bundle $G/controller/controller_$C.safetensors \
  --memory $E/weights/mdnrnn.safetensors --out $G/ship/controller.safetensors
[ -f $G/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $G/ship --episodes 100 --seed 2000 \
  --workers 2 --out $G/eval/real_2000.json
python candidates/carracing_round15/paired.py $G/eval/real_2000.json $E/eval/real_2000.json
