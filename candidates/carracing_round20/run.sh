#!/bin/bash
# CarRacing round 20, steps 2-5 after collect.sh (docs/carracing_round20.md, rule committed before the run): encode
# the "stop" episodes, add them to round 18's training split, fine-tune round 19's M 1,500 steps on that (half of the
# windows at the episode's start, as round 19), judge the dream by the start check, the zoo and two checks (round
# 18's speed check, and a standing or creeping car no longer paid); only if both pass, round 18's search-and-gate
# tail from round 18's widened C. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round20/run.sh RUN DATA   (DATA: round 18's run directory, with encoded/ and
# widened/; from the repo root)
set -e
R=$1; D=$2; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round20/handoff; G=candidates/carracing_round18/handoff; F=candidates/carracing_round19/handoff
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
[ -f $D/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $D/widened
cp $P/vae.safetensors $R/mdnrnn/mdnrnn.safetensors $G/initial_latents.safetensors $R/weights/
[ -d $D/encoded ] && python candidates/carracing_round19/start_check.py $D/encoded 18 $F/mdnrnn.safetensors \
  $R/mdnrnn/mdnrnn.safetensors
[ -f $R/fidelity/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights --zoo $Z --episodes 20 \
  --seed 1000 --out $R/fidelity --compare $F/fidelity.json
[ -f $H/fidelity.json ] || cp $R/fidelity/fidelity.json $H/
ok=0
python candidates/carracing_round18/speed_check.py $R/fidelity/fidelity.json || ok=1
python candidates/carracing_round20/still_check.py $R/fidelity/fidelity.json || ok=1
[ $ok = 0 ] || { echo "check failed: no C"; exit 0; }
bash candidates/carracing_round18/search_gate.sh $R $D/widened/controller.safetensors 20
