#!/bin/bash
# Round 13 lever: 40 more CMA-ES generations (controller2b, the dream's pick: best 866.2 vs mean 862.2 in M2's dream,
# 256 episodes, seed 50000), carrying M2, beside the shipped dream; gated on seeds 2000..2099.
set -e
export PYTHONPATH=/work/compute9 SDL_VIDEODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing; D=/work/runs/cr14; W=$D/ship2b
mkdir -p $W && cp $P/vae.safetensors $P/mdnrnn.safetensors $P/initial_latents.safetensors $W/
$DG bundle $D/controller2b/controller_best.safetensors --memory /work/runs/cr12/mdnrnn2/mdnrnn.safetensors --out $W/controller.safetensors
$DG evaluate DreamCarRacing-v0 --weights $W --episodes 100 --seed 1000 --out $D/eval/2b_dream_1000.json
$DG evaluate DreamCarRacing-v0 --weights $W --episodes 256 --seed 50000 --out $D/eval/2b_dream_50000.json
$DG evaluate RealCarRacing-v0 --weights $W --episodes 100 --seed 2000 --workers 2 --out $D/eval/2b_real_2000.json
