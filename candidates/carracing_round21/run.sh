#!/bin/bash
# CarRacing round 21 (docs/carracing_round21.md, rule committed before the run): round 20's M with its speed
# mixture split (split_speed.py), fine-tuned 1,500 steps on round 20's training set; judged by the start check, the
# zoo and round 20's two checks (speed, still); only if both pass, round 18's search-and-gate tail from round 18's
# widened C. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round21/run.sh RUN ROUND20 ROUND18   (run directories of rounds 20 and 18, with
# encoded/; from the repo root)
set -e
R=$1; T=$2; D=$3; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round21/handoff; G=candidates/carracing_round18/handoff; F=candidates/carracing_round20/handoff
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
bash candidates/carracing_round18/search_gate.sh $R $D/widened/controller.safetensors 21
