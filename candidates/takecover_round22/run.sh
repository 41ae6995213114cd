#!/bin/bash
# Take Cover round 22, steps 2-5 after collect.sh (docs/takecover_round22.md, rule committed before the runs): encode,
# fine-tune the shipped M 600 steps on the new data, judge both Ms on the zoo (held-out seeds 2000..2099, default
# dream), train PPO by the recipe in the new M (seeds 19..24) and play it through the new M on the held-out seeds;
# the base is round 21's recipe actors of the same seeds (in BASE, retrained by their command when gone). Skips what
# is written; once the M is trained it is copied into handoff/ to be committed, so steps 4-5 need no data.
# Usage: bash candidates/takecover_round22/run.sh RUN [BASE]   (from the repo root; BASE default /work/runs/tc21)
set -e
R=$1; B=${2:-/work/runs/tc21}; P=pretrained/takecover; H=candidates/takecover_round22/handoff
mkdir -p $R/weights $R/mdnrnn $B
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  [ -f $R/encoded/initial_latents.safetensors ] || dreamgym encode --data $R/data --vae $P/vae.safetensors \
    --out $R/encoded
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || dreamgym train mdnrnn takecover --encoded $R/encoded --out $R/mdnrnn \
    --steps 600 --init $P/mdnrnn.safetensors --seed 22 --split-seed 0
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
  echo "commit $H: steps 4-5 can then run in a later session without the data"
fi
cp $P/vae.safetensors $P/initial_latents.safetensors $R/mdnrnn/mdnrnn.safetensors $R/weights/
[ -f $R/fid_shipped/fidelity.json ] || dreamgym fidelity takecover --weights $P --episodes 100 --seed 2000 \
  --out $R/fid_shipped --workers 2
[ -f $R/fid_newm/fidelity.json ] || dreamgym fidelity takecover --weights $R/weights --episodes 100 --seed 2000 \
  --out $R/fid_newm --workers 2 --compare $R/fid_shipped/fidelity.json
for S in 19 20 21 22 23 24; do
  bash candidates/takecover_round16/train.sh $B/base_s$S.safetensors $S --n-epochs 10
  bash candidates/takecover_round16/train.sh $R/newm_s$S.safetensors $S --n-epochs 10 --weights $R/weights
done
[ -f $B/heldout_2000.json ] || python candidates/takecover_round16/play.py --workers 2 $B/heldout_2000.json 2000 100 \
  $(for S in 19 20 21 22 23 24; do echo $B/base_s$S.safetensors; done) > $B/heldout_2000.log 2>&1
[ -f $R/heldout_2000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/heldout_2000.json 2000 100 \
  $(for S in 19 20 21 22 23 24; do echo $R/newm_s$S.safetensors; done) --weights $R/weights > $R/heldout_2000.log 2>&1
grep -h "Spearman" $R/fid_shipped/fidelity.md $R/fid_newm/fidelity.md
python candidates/takecover_round16/compare.py $B/heldout_2000.json $R/heldout_2000.json newm --base base --min-ahead 4
