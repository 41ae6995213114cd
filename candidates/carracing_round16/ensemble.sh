#!/bin/bash
# CarRacing round 16: CMA-ES in a pessimistic ensemble of speed-reading M's (docs/carracing_round16.md). Round 15's
# run B is the control: its M (fine-tuned from round 14's on 300 episodes, seed 15) is member 0; two more members
# are fine-tuned the same way on bootstrap resamples of the same episodes (seeds 161, 162; the same held-out split);
# CMA-ES from the same C with B's settings and seed, in the dream that ends a step when any member says done and
# pays the members' smallest reward; the dream's choice in that dream; the held-out gate. Skips what is finished.
# Usage: bash candidates/carracing_round16/ensemble.sh RUN   (RUN is round 14's run directory; from the repo root)
set -e
R=$1; B=$R/turn2; E=$R/ensemble; export SDL_VIDEODRIVER=dummy
for s in 161 162; do
  [ -f $E/member_$s/mdnrnn.safetensors ] || dreamgym train mdnrnn carracing --encoded $B/encoded \
    --out $E/member_$s --steps 1000 --init $R/mdnrnn/mdnrnn.safetensors --seed $s --split-seed 15 --bootstrap
done
bash candidates/carracing_round16/search.sh $R $E $E/member_161/mdnrnn.safetensors $E/member_162/mdnrnn.safetensors
bash candidates/carracing_round16/gate.sh $E/weights $E/controller $E
python candidates/carracing_round15/paired.py $E/eval/real_2000.json $B/eval/real_2000.json
