#!/usr/bin/env bash
# Round 10: the shipped (cropped) V; a loop turn from the shipped controller; M fine-tuned from the shipped M; C from the shipped C.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing
D=/work/runs/cr12
t() { echo "== $(date +%T) $*"; }
t collect loop;  $DG collect carracing --out $D/data --episodes 120 --workers 2 --seed 81 --controller $P/controller.safetensors --weights $P --noise 0.1 --first-index 0
t collect base;  $DG collect carracing --out $D/data --episodes 40 --workers 2 --seed 82 --throttle random --first-index 1000
t encode;        $DG encode --data $D/data --vae $P/vae.safetensors --out $D/encoded
t mdnrnn;        $DG train mdnrnn carracing --encoded $D/encoded --out $D/mdnrnn1 --steps 1000 --init $P/mdnrnn.safetensors --seed 1
mkdir -p $D/weights1 && cp $P/vae.safetensors $D/mdnrnn1/mdnrnn.safetensors $P/initial_latents.safetensors $D/weights1/
t dream shipped C; $DG evaluate DreamCarRacing-v0 --weights $D/weights1 --controller $P/controller.safetensors --episodes 256 --seed 50000 | tail -3
t controller;    $DG train controller --env DreamCarRacing-v0 --weights $D/weights1 --out $D/controller1 --population 64 --rollouts 16 --generations 30 --sigma0 0.05 --init $P/controller.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 10
t choose;        for k in mean best; do echo $k; $DG evaluate DreamCarRacing-v0 --weights $D/weights1 --controller $D/controller1/controller_$k.safetensors --episodes 256 --seed 50000 | tail -3; done
t done
