#!/bin/bash
# Round 16's common tail: the dream's choice between the CMA-ES mean and best candidate (256 pessimistic dream
# episodes, seed 50000), bundled with the weights' member 0 as its memory, and the held-out gate (100 real tracks,
# seeds 2000..2099). Skips what is finished.
# Usage: bash candidates/carracing_round16/gate.sh WEIGHTS CONTROLLER_DIR OUT   (from the repo root)
set -e
W=$1; CD=$2; O=$3; export SDL_VIDEODRIVER=dummy
mkdir -p $O/eval $O/ship
for c in mean best; do
  [ -f $O/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $W \
    --env-kwargs '{"ensemble": "pessimistic"}' --controller $CD/controller_$c.safetensors \
    --episodes 256 --seed 50000 --out $O/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $O/eval/dream_mean.json $O/eval/dream_best.json)
echo "the dream chose the CMA-ES $C"
cp $W/vae.safetensors $W/mdnrnn.safetensors $W/initial_latents.safetensors $O/ship/
[ -f $O/ship/controller.safetensors ] || dreamgym bundle $CD/controller_$C.safetensors \
  --memory $W/mdnrnn.safetensors --out $O/ship/controller.safetensors
[ -f $O/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $O/ship --episodes 100 --seed 2000 \
  --workers 2 --out $O/eval/real_2000.json
