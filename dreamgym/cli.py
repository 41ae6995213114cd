"""The `dreamgym` command line: every pipeline stage, evaluation, reports, play and the demo."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from dreamgym.cli_args import add_dataclass_arguments, from_namespace
from dreamgym.errors import DreamgymError

# command words -> (module, argument dataclass, function, help)
COMMANDS: dict[tuple[str, ...], tuple[str, str, str, str]] = {
    ("collect",): (
        "dreamgym.training.collect",
        "CollectArgs",
        "collect",
        "collect exploration episodes from the real game",
    ),
    ("train", "vae"): ("dreamgym.training.train_vae", "VAEArgs", "train_vae", "train V (the VAE) on collected frames"),
    ("encode",): (
        "dreamgym.training.encode",
        "EncodeArgs",
        "encode",
        "encode frames to latents; write initial latents",
    ),
    ("train", "mdnrnn"): ("dreamgym.training.train_mdnrnn", "MDNRNNArgs", "train_mdnrnn", "train M (the MDN-RNN)"),
    ("train", "controller"): (
        "dreamgym.training.train_controller",
        "ControllerArgs",
        "train_controller",
        "train C by CMA-ES in the dream",
    ),
    ("evaluate",): ("dreamgym.training.evaluate", "EvaluateArgs", "evaluate", "score a controller over N episodes"),
    ("pipeline",): ("dreamgym.training.pipeline", "PipelineArgs", "pipeline", "run every stage in order, resuming"),
    ("fidelity",): (
        "dreamgym.training.fidelity",
        "FidelityArgs",
        "fidelity",
        "rank a policy zoo in the dream and the real game (Spearman, error, regret)",
    ),
    ("zoo",): (
        "dreamgym.training.make_zoo",
        "ZooArgs",
        "make_zoo",
        "make a policy zoo for weights with a new V: an old zoo's blind policies plus a controller run's policies",
    ),
    ("ensemble",): (
        "dreamgym.training.ensemble",
        "EnsembleArgs",
        "ensemble",
        "pack trained M files into a weight directory's ensemble of M",
    ),
    ("bundle",): (
        "dreamgym.training.bundle",
        "BundleArgs",
        "bundle",
        "make a controller file that carries the M it was trained in (it reads its own h in any dream or twin)",
    ),
    ("report",): ("dreamgym.training.report", "ReportArgs", "report", "fidelity report and model card of a run"),
    ("play",): ("dreamgym.play.loop", "PlayArgs", "play", "drive a dream (or real twin) with the keyboard"),
    ("serve",): ("dreamgym.play.serve", "ServeArgs", "serve", "play a dream in a browser (a local web server)"),
    ("export",): ("dreamgym.export", "ExportArgs", "export", "export a dream as ONNX graphs (run it outside Python)"),
    ("demo",): ("dreamgym.demo", "DemoArgs", "demo", "run the shipped controllers, print scores, write GIFs"),
}


LOCKED = {
    ("collect",): "out",
    ("train", "vae"): "out",
    ("encode",): "out",
    ("train", "mdnrnn"): "out",
    ("train", "controller"): "out",
    ("pipeline",): "workdir",
    ("report",): "workdir",
}
"""Commands that write a run directory, and the argument naming it: one writer at a time (:mod:`.training.lock`)."""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dreamgym", description="World models as Gymnasium environments.")
    sub = parser.add_subparsers(dest="command", required=True)
    groups: dict[str, argparse._SubParsersAction] = {}
    for words, (module, cls_name, _, help_text) in COMMANDS.items():
        if len(words) == 1:
            p = sub.add_parser(words[0], help=help_text, description=help_text)
        else:
            if words[0] not in groups:
                g = sub.add_parser(
                    words[0], help=f"{words[0]} a model: {', '.join(w[1] for w in COMMANDS if w[0] == words[0])}"
                )
                groups[words[0]] = g.add_subparsers(dest="subcommand", required=True)
            p = groups[words[0]].add_parser(words[1], help=help_text, description=help_text)
        p.set_defaults(_words=words)
        add_dataclass_arguments(p, getattr(importlib.import_module(module), cls_name))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dreamgym` console script."""
    ns = _build_parser().parse_args(argv)
    module, cls_name, fn_name, _ = COMMANDS[ns._words]
    mod = importlib.import_module(module)
    name = " ".join(ns._words)
    try:
        args = from_namespace(getattr(mod, cls_name), ns)
        if ns._words in LOCKED:
            from dreamgym.training.lock import run_lock

            with run_lock(getattr(args, LOCKED[ns._words]), f"dreamgym {' '.join(sys.argv[1:]) or name}"):
                getattr(mod, fn_name)(args)
        else:
            getattr(mod, fn_name)(args)
    except DreamgymError as e:
        print(f"dreamgym {name}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"dreamgym {name}: interrupted; re-run the same command to resume", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
