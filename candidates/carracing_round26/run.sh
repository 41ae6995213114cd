#!/bin/bash
# CarRacing round 26, steps 2-5 after collect.sh (docs/carracing_round26.md, rule committed before the run): encode
# the new episodes, fine-tune round 24's M 1,000 steps on the 1,200, judge the dream by zoo v4 and rounds 18 and 20's
# checks, then round 26's order check (the shipped controller above rounds 23 and 24's choices over 64 dream
# episodes, seed 7000); C only if all three pass, by round 18's search-and-gate tail (seed 26). Skips what is done;
# the M and its fidelity.json are copied into handoff/ once made.
# Usage: bash candidates/carracing_round26/run.sh RUN ROUND23 ROUND24 [PREV HANDOFF SEED WINDOWS]   (from the repo
# root; ROUND23/24: their runs; PREV: the handoff whose M is fine-tuned, default round 24's; HANDOFF: where the new M
# goes, default round 26's; SEED: of the fine-tuning and the search, default 26; WINDOWS: M's training-window flags,
# default "--episode-start 0.5"; round 27 passes its own)
set -e
R=$1; A=$2; B=$3; F=${4:-candidates/carracing_round24/handoff}; H=${5:-candidates/carracing_round26/handoff}
K=${6:-26}; W=${7:---episode-start 0.5}
P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
mkdir -p $R/weights $R/mdnrnn $R/order $H
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded --measurements
  dreamgym train mdnrnn carracing --encoded $R/encoded --out $R/mdnrnn --steps 1000 $W \
    --init $F/mdnrnn.safetensors --seed $K --split-seed 26
  cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
bash candidates/carracing_round22/judge.sh $R $F $H
for pair in shipped:$P r23:$A/ship r24:$B/ship; do
  n=${pair%%:*}; w=${pair#*:}
  [ -f $R/order/$n.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $R/weights \
    --controller $w/controller.safetensors --episodes 64 --seed 7000 --out $R/order/$n.json
done
python candidates/carracing_round18/speed_check.py $R/fidelity/fidelity.json \
  || { echo "speed check fails: no C"; exit 0; }
python candidates/carracing_round20/still_check.py $R/fidelity/fidelity.json \
  || { echo "still check fails: no C"; exit 0; }
python candidates/carracing_round26/order_check.py $R/order/shipped.json $R/order/r23.json $R/order/r24.json \
  || { echo "order check fails: no C"; exit 0; }
bash candidates/carracing_round18/search_gate.sh $R $R/widened/controller.safetensors $K
