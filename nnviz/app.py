"""The `nnviz` command: argument parsing and start-up.

Qt, pyqtgraph and the scenarios are imported only once a window is needed, so
`--version` and `--list-scenarios` answer at once.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys

from . import scenarios, version


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, got {text!r}") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (200…8000 each way)")
    return w, h


class _Version(argparse.Action):
    """--version, reading the version only when asked (it costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"nnviz {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nnviz",
        description="Watch neural networks work: McCulloch–Pitts, the perceptron, XOR and "
                    "backpropagation, step by step with the real numbers.")
    p.add_argument("--version", action=_Version, help="print the version and exit")
    p.add_argument("--list-scenarios", action="store_true", help="print the scenario names")
    p.add_argument("--check-helpers", action="store_true",
                   help="start the two helper processes (edge painting, training), check that "
                        "they give exactly what the app computes alone, and exit")
    p.add_argument("--scenario", metavar="NAME",
                   help="open on a scenario: " + ", ".join(scenarios.names()))
    p.add_argument("--open", metavar="FILE", help="open a saved .nnviz scenario or lesson")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="the same as --open FILE (how desktops pass a double-clicked file)")
    p.add_argument("--projector", action="store_true",
                   help="projector mode: large type, high contrast, full screen")
    p.add_argument("--screenshot", metavar="PNG",
                   help="build the window, run --steps training steps, save a PNG and exit")
    p.add_argument("--steps", type=int, default=0, metavar="N",
                   help="training steps to run before the screenshot (default 0)")
    p.add_argument("--size", type=parse_size, default=(1600, 1000), metavar="WxH",
                   help="window size for --screenshot (default 1600x1000)")
    return p


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()   # a frozen app started as a helper (edge or training worker)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.file is not None:
        if args.open is not None and args.open != args.file:
            parser.error("give the file to open once: either FILE or --open FILE")
        args.open = args.file
    if args.list_scenarios:
        for name in scenarios.names():
            print(name)
        return 0
    if not args.screenshot:
        given = [o for o in ("--steps", "--size") if any(
            a == o or a.startswith(o + "=") for a in (argv if argv is not None else sys.argv))]
        if given:
            print(f"nnviz: {' and '.join(given)} only apply with --screenshot; ignored",
                  file=sys.stderr)
    if args.scenario is not None and args.scenario not in scenarios.names():
        print(f"nnviz: unknown scenario {args.scenario!r}; valid names: "
              f"{', '.join(scenarios.names())}", file=sys.stderr)
        return 2
    if args.steps < 0 or args.steps > 1_000_000:
        print("nnviz: --steps must be between 0 and 1,000,000", file=sys.stderr)
        return 2
    if args.open is not None and args.scenario is not None:
        print("nnviz: give either a file to open or --scenario, not both (the file says "
              "which scenario it is)", file=sys.stderr)
        return 2
    if args.screenshot:     # checked before the window is built and trained
        from .files import NnvizFileError
        from .ui.export import check_target
        try:
            check_target(args.screenshot, (".png",))
        except NnvizFileError as exc:
            print(f"nnviz: --screenshot {exc}", file=sys.stderr)
            return 2
    if args.open is not None and args.screenshot:   # a folder, a named pipe or a device
        from .files import NnvizFileError, check_readable  # is said so, never opened
        try:
            check_readable(args.open)
        except NnvizFileError as exc:
            print(f"nnviz: cannot open {exc}", file=sys.stderr)
            return 2
    # the networks are small: one BLAS thread beats a thread pool fighting the UI for cores
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if args.check_helpers:
        from .ui.helper_check import run as check_helpers
        return check_helpers()
    from .ui.application import run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
