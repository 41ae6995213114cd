#!/bin/bash
# CarRacing round 22, steps 2-5 after collect.sh (docs/carracing_round22.md, rule committed before the run): encode
# the 500 episodes, fine-tune round 21's M 1,500 steps on them, judge the dream by the zoo v4 and the two checks
# (round 18's speed check, round 20's still check) as sampled (the default) and with the speed at its most likely
# component (round 21's diagnostic); C only in a dream that passes both checks (the sampled one first), by round
# 18's search-and-gate tail. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round22/run.sh RUN [PREV HANDOFF STEPS SEED]   (from the repo root; RUN holds data/
# from collect.sh; PREV: the handoff whose M is fine-tuned, default round 21's; HANDOFF: where the new M goes, default
# round 22's; STEPS, SEED: of the fine-tuning and the search, default 1500 and 22; round 23 passes its own)
set -e
R=$1; F=${2:-candidates/carracing_round21/handoff}; H=${3:-candidates/carracing_round22/handoff}
N=${4:-1500}; K=${5:-22}; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
mkdir -p $R/weights $R/mdnrnn
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  [ -f $R/encoded/manifest.json ] || dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded \
    --measurements
  dreamgym train mdnrnn carracing --encoded $R/encoded --out $R/mdnrnn --steps $N --episode-start 0.5 \
    --init $F/mdnrnn.safetensors --seed $K --split-seed $K
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
bash candidates/carracing_round22/judge.sh $R $F $H
[ -f $R/fid_mode/fidelity.json ] || python candidates/carracing_round21/mode_speed.py $R/weights $R/fid_mode
passes() {
  python candidates/carracing_round18/speed_check.py $1 && python candidates/carracing_round20/still_check.py $1
}
if passes $R/fidelity/fidelity.json; then
  echo "the sampled dream passes both checks: C there"
  bash candidates/carracing_round18/search_gate.sh $R $R/widened/controller.safetensors $K
  exit 0
fi
S=$(python -c "import json; print(json.load(open('$R/fid_mode/fidelity.json'))['spearman'] >= 0.834)")
if passes $R/fid_mode/fidelity.json && [ $S = True ]; then
  echo "the mode dream passes both checks and ranks the zoo at least as well as the shipped dream: C there"
  python candidates/carracing_round22/mode_search.py $R $R/widened/controller.safetensors $K
  bash candidates/carracing_round18/search_gate.sh $R $R/widened/controller.safetensors $K
  exit 0
fi
echo "no dream passes both checks: no C"
