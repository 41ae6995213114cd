#!/bin/bash
# Round 13: the soup (SOUP_DIR/mdnrnn.safetensors) becomes the default M; the controller carries the round-6 M it
# was trained in (its real play is unchanged); the members file stays as shipped (the ensemble: the soup + 3 members).
# Usage: bash candidates/takecover_round13/ship.sh SOUP_DIR STAGING   (from the repo root; copies STAGING into pretrained/takecover)
set -e
S=$1; W=$2; P=pretrained/takecover
DG="python -m dreamgym.cli"
mkdir -p $W
cp $P/vae.safetensors $P/initial_latents.safetensors $P/mdnrnn_members.safetensors $W/
cp $S/mdnrnn.safetensors $W/mdnrnn.safetensors
$DG bundle $P/controller.safetensors --memory $P/zoo/mdnrnn_round6.safetensors --out $W/controller.safetensors
cp $W/*.safetensors $P/
