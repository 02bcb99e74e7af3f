"""Time implant_edu.timeline.opening_mm on 10**6 points (not a test).

Prints the median and best of several runs and writes
artifacts/benchmarks/timeline.json (path printed).

    python benchmarks/bench_timeline.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from implant_edu.timeline import opening_mm

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "artifacts" / "benchmarks" / "timeline.json"
N = 10**6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    hours = np.linspace(0.0, 1344.0, N)
    opening_mm(hours)  # warm-up
    times_ms = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = opening_mm(hours, abutment_diameter_mm=4.5, mucosa_thickness_mm=3.0)
        times_ms.append((time.perf_counter() - t0) * 1000)
    assert result.shape == (N,)
    report = {
        "function": "implant_edu.timeline.opening_mm",
        "points": N,
        "repeat": args.repeat,
        "median_ms": round(statistics.median(times_ms), 3),
        "min_ms": round(min(times_ms), 3),
        "max_ms": round(max(times_ms), 3),
        "ns_per_point": round(statistics.median(times_ms) * 1e6 / N, 2),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"opening_mm on {N:,} points: median {report['median_ms']:.1f} ms "
        f"(min {report['min_ms']:.1f}, max {report['max_ms']:.1f}; "
        f"{report['ns_per_point']} ns/point) over {args.repeat} runs"
    )
    print(f"written: {OUT}")


if __name__ == "__main__":
    main()
