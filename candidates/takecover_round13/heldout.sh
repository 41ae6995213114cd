#!/bin/bash
# Round 13: fresh held-out real episodes (seeds no M trained on), encoded by the shipped V, and every M of the round
# on them. Usage: bash candidates/takecover_round13/heldout.sh RUN   (from the repo root, before ship.sh)
set -e
R=$1; P=pretrained/takecover; DG="python -m dreamgym.cli"; export SDL_VIDEODRIVER=dummy
$DG collect takecover --out $R/heldout/data --workers 2 --episodes 60 --seed 4242
$DG collect takecover --out $R/heldout/data --workers 2 --episodes 40 --seed 4243 --first-index 100000 \
  --controller $P/controller.safetensors --weights $P --noise 0.25
$DG encode --data $R/heldout/data --vae $P/vae.safetensors --out $R/heldout/encoded
python candidates/takecover_round13/heldout.py $R/heldout/encoded $R/heldout/nll.json $P/mdnrnn.safetensors \
  $P/mdnrnn_members.safetensors $R/soup0.25/mdnrnn.safetensors $R/soup0.5/mdnrnn.safetensors \
  $R/soup0.75/mdnrnn.safetensors $R/soup1/mdnrnn.safetensors
