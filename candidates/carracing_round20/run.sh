#!/bin/bash
# CarRacing round 20, steps 2-5 after collect.sh (docs/carracing_round20.md, rule committed before the run): encode
# the "stop" episodes, add them to round 18's training split, fine-tune round 19's M 1,500 steps on that (half of the
# windows at the episode's start, as round 19), judge the dream by the start check, the zoo and two checks (round
# 18's speed check, and a standing or creeping car no longer paid); only if both pass, round 18's search-and-gate
# tail from round 18's widened C. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round20/run.sh RUN DATA   (DATA: round 18's run directory, with encoded/ and
# widened/; from the repo root)
set -e
R=$1; D=$2; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round20/handoff; F=candidates/carracing_round19/handoff
mkdir -p $R/weights $R/mdnrnn $R/fidelity
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded_stop --measurements
  python candidates/carracing_round20/combine.py $D/encoded $R/encoded_stop $R/encoded
  dreamgym train mdnrnn carracing --encoded $R/encoded --out $R/mdnrnn --steps 1500 --episode-start 0.5 \
    --init $F/mdnrnn.safetensors --seed 20 --split-seed 20
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
bash candidates/carracing_round20/judge.sh $R $D $F $H 20
