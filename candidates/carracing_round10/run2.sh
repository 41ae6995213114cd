#!/usr/bin/env bash
# Round 10, second loop turn: the exploiting controller (controller1 mean) plays 80 real episodes with noise 0.1; M fine-tuned from M1 on all; C from the shipped C again; dream choice; gate.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing
D=/work/runs/cr12
t() { echo "== $(date +%T) $*"; }
t collect;     $DG collect carracing --out $D/data --episodes 80 --workers 2 --seed 83 --controller $D/controller1/controller_mean.safetensors --weights $D/weights1 --noise 0.1 --first-index 2000
t encode;      $DG encode --data $D/data --vae $P/vae.safetensors --out $D/encoded
t mdnrnn;      $DG train mdnrnn carracing --encoded $D/encoded --out $D/mdnrnn2 --steps 1000 --init $D/mdnrnn1/mdnrnn.safetensors --seed 2
mkdir -p $D/weights2 && cp $P/vae.safetensors $D/mdnrnn2/mdnrnn.safetensors $P/initial_latents.safetensors $D/weights2/
t dream C1;    $DG evaluate DreamCarRacing-v0 --weights $D/weights2 --controller $D/controller1/controller_mean.safetensors --episodes 256 --seed 50000 | tail -1
t dream shipped C; $DG evaluate DreamCarRacing-v0 --weights $D/weights2 --controller $P/controller.safetensors --episodes 256 --seed 50000 | tail -1
t controller;  $DG train controller --env DreamCarRacing-v0 --weights $D/weights2 --out $D/controller2 --population 64 --rollouts 16 --generations 30 --sigma0 0.05 --init $P/controller.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 11
t post;        bash $D/post.sh weights2 controller2 100
t done
