#!/bin/bash
# Rounds 20 and 21's common tail, once RUN/mdnrnn holds the new M: the start check (round 18's held-out episodes,
# against PREV's M), the zoo v4 (20 episodes, seed 1000, paired with PREV's), round 18's speed check and round 20's
# still check; only if both pass, round 18's search-and-gate tail from round 18's widened C. Skips what is finished.
# Usage: bash candidates/carracing_round20/judge.sh RUN ROUND18 PREV HANDOFF SEED   (PREV: the previous round's
# handoff directory; from the repo root)
set -e
R=$1; D=$2; F=$3; H=$4; S=$5; P=pretrained/carracing; Z=$P/zoo; G=candidates/carracing_round18/handoff
export SDL_VIDEODRIVER=dummy
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
bash candidates/carracing_round18/search_gate.sh $R $D/widened/controller.safetensors $S
