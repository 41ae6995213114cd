#!/bin/bash
# Round 25, part 2 (docs/carracing_round25.md, written before the run): an M trained from a fresh initialisation on
# round 24's 1,000 encoded episodes (the same held-out split, split seed 23), so that it shares no weights with the
# chained fine-tunes of rounds 18-24; then part 1's diagnostic with round 24's M and this one as the members. Skips
# what is finished; the training resumes from its checkpoint.
# Usage: bash candidates/carracing_round25/fresh_member.sh RUN ENCODED SHIPPED R23 R24   (ENCODED: round 24's)
set -e
R=$1; P=pretrained/carracing; H=candidates/carracing_round25/handoff
mkdir -p $R/fresh $R/pair/weights $H
if [ -f $H/mdnrnn_fresh.safetensors ]; then
  [ -f $R/fresh/mdnrnn.safetensors ] || cp $H/mdnrnn_fresh.safetensors $R/fresh/mdnrnn.safetensors
else
  dreamgym train mdnrnn carracing --encoded $2 --out $R/fresh --steps 4000 --episode-start 0.5 --seed 251 \
    --split-seed 23
  cp $R/fresh/mdnrnn.safetensors $H/mdnrnn_fresh.safetensors
fi
cp $P/vae.safetensors candidates/carracing_round24/handoff/mdnrnn.safetensors \
  candidates/carracing_round18/handoff/initial_latents.safetensors $R/pair/weights/
[ -f $R/pair/weights/mdnrnn_members.safetensors ] || dreamgym ensemble $R/pair/weights --members $R/fresh/mdnrnn.safetensors
bash candidates/carracing_round25/diagnose.sh $R/pair $3 $4 $5
