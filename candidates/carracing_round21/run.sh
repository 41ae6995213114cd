#!/bin/bash
# CarRacing round 21 (docs/carracing_round21.md, rule committed before the run): round 20's M with its speed
# mixture split (split_speed.py), fine-tuned 1,500 steps on round 20's training set; judged by the start check, the
# zoo and round 20's two checks (speed, still); only if both pass, round 18's search-and-gate tail from round 18's
# widened C. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round21/run.sh RUN ROUND20 ROUND18   (run directories of rounds 20 and 18, with
# encoded/; from the repo root)
set -e
R=$1; T=$2; D=$3; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round21/handoff; F=candidates/carracing_round20/handoff
mkdir -p $R/weights $R/mdnrnn $R/fidelity
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  [ -f $R/split.safetensors ] || python candidates/carracing_round21/split_speed.py $F/mdnrnn.safetensors \
    $R/split.safetensors 21
  dreamgym train mdnrnn carracing --encoded $T/encoded --out $R/mdnrnn --steps 1500 --episode-start 0.5 \
    --init $R/split.safetensors --seed 21 --split-seed 20
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
bash candidates/carracing_round20/judge.sh $R $D $F $H 21
