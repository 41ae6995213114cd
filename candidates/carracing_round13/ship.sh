#!/bin/bash
# Round 13: round 10's controller carrying its own M (M2) beside the shipped dream (V, M, initial latents as shipped).
set -e
export PYTHONPATH=/work/compute9 SDL_VIDEODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing; D=/work/runs/cr14; W=$D/ship
cp $P/vae.safetensors $P/mdnrnn.safetensors $P/initial_latents.safetensors $W/
$DG bundle /work/runs/cr12/controller2/controller_mean.safetensors --memory /work/runs/cr12/mdnrnn2/mdnrnn.safetensors --out $W/controller.safetensors
mkdir -p $D/eval
$DG evaluate DreamCarRacing-v0 --weights $W --episodes 100 --seed 1000 --out $D/eval/dream_1000.json
$DG evaluate DreamCarRacing-v0 --weights $W --episodes 256 --seed 50000 --out $D/eval/dream_50000.json
$DG evaluate RealCarRacing-v0 --weights $W --episodes 100 --seed 2000 --workers 2 --out $D/eval/real_2000.json
$DG evaluate RealCarRacing-v0 --weights $W --episodes 100 --seed 1000 --workers 2 --out $D/eval/real_1000.json
