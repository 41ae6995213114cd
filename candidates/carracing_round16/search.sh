#!/bin/bash
# Round 16's common middle: a weight directory of the shipped V, round 15 B's M as member 0 and the given members,
# then CMA-ES from round 14's C in its pessimistic dream with B's settings and seed. Skips what is finished.
# Usage: bash candidates/carracing_round16/search.sh RUN OUT MEMBER1 MEMBER2   (writes OUT/weights, OUT/controller)
set -e
R=$1; O=$2; P=pretrained/carracing; B=$R/turn2
mkdir -p $O/weights
cp $P/vae.safetensors $B/mdnrnn/mdnrnn.safetensors $B/encoded/initial_latents.safetensors $O/weights/
[ -f $O/weights/mdnrnn_members.safetensors ] || dreamgym ensemble $O/weights --members $3,$4 --dtype float32
[ -f $O/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $O/weights --ensemble pessimistic --out $O/controller --population 64 --rollouts 16 --generations 30 \
  --sigma0 0.05 --init $R/controller/controller_mean.safetensors --eval-every 10 --eval-rollouts 256 \
  --keep-every 10 --seed 15
