#!/usr/bin/env bash
# Round 12: round 10's candidate driver (controller2 mean, reading weights2's M) plays 90 real tracks of behaviour
# data (candidates/carracing_round12/behaviours.py: stop-and-go, fixed actions, pushed gas); M fine-tuned from round
# 11's M3 on all data; the candidate's controller judged in it; zoo v4 fidelity against the shipped weights.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export BEHAVIOUR_CONTROLLER=/work/runs/cr12/controller2/controller_mean.safetensors
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing
O=/work/runs/cr12
D=/work/runs/cr13
t() { echo "== $(date +%T) $*"; }
cd /work/compute8/candidates/carracing_round12
t collect;   $DG collect carracing --out $D/data --episodes 90 --workers 2 --seed 86 --policy behaviours:policy --weights $O/weights2 --noise 0.05 --first-index 5000
cd $D
t encode;    $DG encode --data $D/data --vae $P/vae.safetensors --out $D/encoded
t mdnrnn;    $DG train mdnrnn carracing --encoded $D/encoded --out $D/mdnrnn4 --steps 1000 --init $O/mdnrnn3/mdnrnn.safetensors --seed 4
mkdir -p $D/weights4 && cp $P/vae.safetensors $D/mdnrnn4/mdnrnn.safetensors $P/initial_latents.safetensors $D/weights4/
cp $O/controller2/controller_mean.safetensors $D/weights4/controller.safetensors
t dream C2;  $DG evaluate DreamCarRacing-v0 --weights $D/weights4 --episodes 256 --seed 50000 --out $D/dream_c2.json | tail -1
t fidelity;  $DG fidelity carracing --weights $D/weights4 --episodes 20 --seed 1000 --out $D/fid4 --compare /work/runs/fid4/shipped
t done
