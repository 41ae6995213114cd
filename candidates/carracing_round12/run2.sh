#!/usr/bin/env bash
# Round 12 lever 3: the zoo's random policy (the paper's data policy: a uniform action held 1..10 steps), absent from
# these data, 60 real tracks; M fine-tuned from M4 on all data; zoo v4 fidelity.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing
D=/work/runs/cr13
t() { echo "== $(date +%T) $*"; }
cd $D
t collect;   $DG collect carracing --out $D/data --episodes 60 --workers 2 --seed 87 --policy zoo:random --weights $D/weights4 --noise 0 --first-index 6000
t encode;    $DG encode --data $D/data --vae $P/vae.safetensors --out $D/encoded
t mdnrnn;    $DG train mdnrnn carracing --encoded $D/encoded --out $D/mdnrnn5 --steps 1000 --init $D/mdnrnn4/mdnrnn.safetensors --seed 5
mkdir -p $D/weights5 && cp $D/weights4/*.safetensors $D/weights5/ && cp $D/mdnrnn5/mdnrnn.safetensors $D/weights5/
t dream C2;  $DG evaluate DreamCarRacing-v0 --weights $D/weights5 --episodes 256 --seed 50000 --out $D/dream5_c2.json | tail -1
t fidelity;  $DG fidelity carracing --weights $D/weights5 --episodes 20 --seed 1000 --out $D/fid5 --compare /work/main/runs/fidelity/carracing | tail -30
t done
