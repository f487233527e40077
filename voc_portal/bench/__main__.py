"""`python -m voc_portal.bench generate|run|check|profile|sweep|floor` (docs/benchmarks/)."""

import argparse
import os
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m voc_portal.bench")
    parser.add_argument("step", choices=["generate", "run", "check", "profile", "sweep", "floor"])
    # profile: the rows to profile (all when none), how many lines of cProfile each.
    parser.add_argument("rows", nargs="*")
    parser.add_argument("--lines", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", default="15s")
    # The store-scale run is RESULTS.md; a smaller one is RESULTS-scale<s>.md beside it, so a
    # quick run never overwrites the figures of the full one.
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voc_portal.settings.production")
    import django

    django.setup()
    if args.step == "generate":
        from .generate import generate

        generate(scale=args.scale)
    elif args.step == "check":
        from .check import check

        return check()
    elif args.step == "sweep":
        # The sweep row alone, on a freshly generated data set (it escalates what is due).
        from .run import _load
        from .writes import sweep_run

        sweep_run(load=_load)
    elif args.step == "floor":
        from .fixtures import fixtures_make
        from .run import floor_run

        floor_run(fixtures_make(), args.duration)
    elif args.step == "profile":
        from .profile import profile

        return profile(args.rows, lines=args.lines, sort=args.sort)
    else:
        from .run import run

        suffix = "" if args.scale == 1 else f"-scale{args.scale:g}"
        out = args.out or f"docs/benchmarks/RESULTS{suffix}.md"
        run(scale=args.scale, duration=args.duration, out=out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
