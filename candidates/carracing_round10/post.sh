#!/usr/bin/env bash
# Round 10 after C: the dream chooses mean or best (256 dream episodes, seed 50000), then the real gate (seeds 2000..2099).
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
PY=/work/main/.venv/bin/python
DG="$PY -m dreamgym.cli"
D=/work/runs/cr12
W=${1:-weights1}; C=${2:-controller1}; TRACKS=${3:-100}
t() { echo "== $(date +%T) $*"; }
for k in mean best; do
  [ -f $D/$C/dream_$k.json ] || { t dream $k; $DG evaluate DreamCarRacing-v0 --weights $D/$W --controller $D/$C/controller_$k.safetensors --episodes 256 --seed 50000 --out $D/$C/dream_$k.json; }
done
pick=$($PY -c "
import json,sys
s={k: json.load(open('$D/$C/dream_'+k+'.json'))['mean'] for k in ('mean','best')}
print(max(s, key=s.get))")
t "dream picks $pick"; cp $D/$C/controller_$pick.safetensors $D/$W/controller.safetensors
t gate; $DG evaluate RealCarRacing-v0 --weights $D/$W --episodes $TRACKS --seed 2000 --workers 2 --out $D/$C/real_s2000.json
t done
