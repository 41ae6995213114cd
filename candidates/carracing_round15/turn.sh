#!/bin/bash
# CarRacing round 15, run B: a second loop turn with the speed (docs/carracing_round15.md). Round 14's candidate
# (RUN/ship, its C carrying its measured M) plays 100 new tracks with action noise 0.1 held 1..5 steps; its M is
# fine-tuned 1000 steps on round 14's 200 episodes plus these 100 (speed appended); CMA-ES from its C in that dream;
# the dream's choice; the held-out gate. Every step skips what is finished.
# Usage: bash candidates/carracing_round15/turn.sh RUN   (RUN is round 14's run directory; from the repo root)
set -e
R=$1; P=pretrained/carracing; B=$R/turn2; export SDL_VIDEODRIVER=dummy
mkdir -p $B/data $B/weights $B/eval $B/ship
dreamgym collect carracing --out $R/data2 --episodes 100 --workers 2 --seed 151 --first-index 3000 \
  --controller $R/ship/controller.safetensors --weights $R/ship --noise 0.1 --noise-hold 5
for f in $R/data/ep_*.npz $R/data2/ep_*.npz; do ln -sf $(realpath $f) $B/data/; done
dreamgym encode --data $B/data --vae $P/vae.safetensors --out $B/encoded --measurements
[ -f $B/mdnrnn/mdnrnn.safetensors ] || dreamgym train mdnrnn carracing --encoded $B/encoded --out $B/mdnrnn \
  --steps 1000 --init $R/mdnrnn/mdnrnn.safetensors --seed 15
cp $P/vae.safetensors $B/mdnrnn/mdnrnn.safetensors $B/encoded/initial_latents.safetensors $B/weights/
[ -f $B/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $B/weights --out $B/controller --population 64 --rollouts 16 --generations 30 --sigma0 0.05 \
  --init $R/controller/controller_mean.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 15
for c in mean best; do
  [ -f $B/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $B/weights \
    --controller $B/controller/controller_$c.safetensors --episodes 256 --seed 50000 --out $B/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $B/eval/dream_mean.json $B/eval/dream_best.json)
cp $B/weights/vae.safetensors $B/weights/mdnrnn.safetensors $B/weights/initial_latents.safetensors $B/ship/
[ -f $B/ship/controller.safetensors ] || dreamgym bundle $B/controller/controller_$C.safetensors \
  --memory $B/mdnrnn/mdnrnn.safetensors --out $B/ship/controller.safetensors
[ -f $B/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $B/ship --episodes 100 --seed 2000 \
  --workers 2 --out $B/eval/real_2000.json
