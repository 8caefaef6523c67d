"""Regenerate the demo county bundle (seeds/demo/), byte for byte; or write a larger bundle.

    python scripts/make_demo.py                                  # seeds/demo, county scale, seed 7
    python scripts/make_demo.py --scale province --out /tmp/prov # a benchmark bundle, timed
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from orggraph.generate import SCALES, write_bundle  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=tuple(SCALES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "seeds" / "demo")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = write_bundle(args.out, args.scale, args.seed)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(len(name) for name in counts)
    for name, n in counts.items():
        print(f"{name:<{width}}  {n:>10,}")
    print(f"{'total':<{width}}  {sum(counts.values()):>10,}")
    print(f"{args.scale} (seed {args.seed}) written to {args.out} in {seconds:.1f} s, "
          f"peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
