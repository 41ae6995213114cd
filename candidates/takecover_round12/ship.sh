#!/bin/bash
# Round 12: member K of the shipped ensemble becomes the default M; the controller carries the round-6 M it was
# trained in (so its real play is unchanged); the round-6 M joins the other two members in the members file.
# Usage: bash candidates/takecover_round12/ship.sh K STAGING   (run from the repo root; then copies STAGING into pretrained/takecover)
set -e
K=$1; W=$2; P=pretrained/takecover; R=${RUN:-runs/s38}
DG="python -m dreamgym.cli"
mkdir -p $W
cp $P/vae.safetensors $P/initial_latents.safetensors $W/
cp $R/member$K/mdnrnn.safetensors $W/mdnrnn.safetensors          # from split_members.py: member K in float32
$DG bundle $P/controller.safetensors --memory $P/zoo/mdnrnn_round6.safetensors --out $W/controller.safetensors
OTHERS=$(for j in 1 2 3; do if [ $j != $K ]; then printf ",$R/member$j/mdnrnn.safetensors"; fi; done)
$DG ensemble $W --members "$P/zoo/mdnrnn_round6.safetensors$OTHERS" --dtype float16
cp $W/*.safetensors $P/
