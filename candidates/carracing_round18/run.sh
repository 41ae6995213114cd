#!/bin/bash
# CarRacing round 18, steps 2-6 after collect.sh (docs/carracing_round18.md, rule committed before they ran): encode
# all 1,000 episodes with the speed, widen round 10's committed M and C, fine-tune the widened M 5000 steps, judge its
# dream on the zoo (20 episodes, seed 1000) and the speed check; only if the check passes, CMA-ES from the widened C,
# the dream's choice, the bundle and the held-out gate (round 16's gate.sh without an ensemble). Skips what is done;
# once the M is trained it is copied into handoff/ to be committed, and a later run starts from there without data.
# Usage: bash candidates/carracing_round18/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round18/handoff  # step 3's M, its latents and step 4's zoo, committed: steps 5-6 need no data
mkdir -p $R/weights $R/mdnrnn $R/fidelity
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
  [ -f $R/weights/initial_latents.safetensors ] || cp $H/initial_latents.safetensors $R/weights/
  [ -f $R/fidelity/fidelity.json ] || cp $H/fidelity.json $R/fidelity/
else
  dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded --measurements
  cp $R/encoded/initial_latents.safetensors $R/weights/
fi
[ -f $R/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $R/widened
[ -f $R/mdnrnn/mdnrnn.safetensors ] || dreamgym train mdnrnn carracing --encoded $R/encoded --out $R/mdnrnn \
  --steps 5000 --init $R/widened/mdnrnn.safetensors --seed 18
cp $P/vae.safetensors $R/mdnrnn/mdnrnn.safetensors $R/weights/
[ -f $R/fidelity/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights --zoo $Z --episodes 20 \
  --seed 1000 --out $R/fidelity
if [ ! -f $H/mdnrnn.safetensors ]; then
  mkdir -p $H; cp $R/mdnrnn/mdnrnn.safetensors $R/weights/initial_latents.safetensors $R/fidelity/fidelity.json $H/
  echo "commit $H: steps 5-6 can then run in a later session without the data"
fi
python candidates/carracing_round18/speed_check.py $R/fidelity/fidelity.json || { echo "check failed: no C"; exit 0; }
bash candidates/carracing_round18/search_gate.sh $R $R/widened/controller.safetensors 18
