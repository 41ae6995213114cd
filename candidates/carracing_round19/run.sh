#!/bin/bash
# CarRacing round 19 (docs/carracing_round19.md, rule committed before the run): round 18's M fine-tuned with a
# half of its training windows beginning at the episode's first step (where every dream starts, from h = 0), on
# round 18's encoded data; judged by the start check, the zoo (20 episodes, seed 1000) and round 18's speed check;
# only if that check passes, CMA-ES from round 18's widened C in this dream, the dream's choice, the bundle and the
# held-out gate, as round 18's steps 5-6. Skips what is done; the M is copied into handoff/ once trained.
# Usage: bash candidates/carracing_round19/run.sh RUN DATA   (DATA: round 18's run directory, with encoded/ and
# widened/; from the repo root)
set -e
R=$1; D=$2; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
H=candidates/carracing_round19/handoff; G=candidates/carracing_round18/handoff
mkdir -p $R/weights $R/mdnrnn $R/fidelity
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  dreamgym train mdnrnn carracing --encoded $D/encoded --out $R/mdnrnn --steps 1500 --episode-start 0.5 \
    --init $G/mdnrnn.safetensors --seed 19 --split-seed 18
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
[ -f $D/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $D/widened
cp $P/vae.safetensors $R/mdnrnn/mdnrnn.safetensors $G/initial_latents.safetensors $R/weights/
[ -d $D/encoded ] && python candidates/carracing_round19/start_check.py $D/encoded 18 $G/mdnrnn.safetensors \
  $R/mdnrnn/mdnrnn.safetensors
[ -f $R/fidelity/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights --zoo $Z --episodes 20 \
  --seed 1000 --out $R/fidelity --compare $G/fidelity.json
[ -f $H/fidelity.json ] || cp $R/fidelity/fidelity.json $H/
python candidates/carracing_round18/speed_check.py $R/fidelity/fidelity.json || { echo "check failed: no C"; exit 0; }
bash candidates/carracing_round18/search_gate.sh $R $D/widened/controller.safetensors 19
