"""Class load test: a real JupyterHub on 127.0.0.1 with N simulated students (not a test).

The hub runs from deploy/jupyterhub_config.py unchanged. One student first
works alone (the baseline); then the rest of the class logs in at once while
that student keeps moving its controls. Every student logs in with the class
password, starts a server, runs lesson 04 (notebooks/04_gum_closure_timeline.ipynb)
through the proxy and moves the closure explorer's controls; what is timed is
said in implant_edu.tools.classroom. Prints a table and writes
artifacts/benchmarks/classroom.json and the hub's log classroom-hub.log
(path printed). Stops by itself: the
hub, every server and kernel are stopped at the end or after --timeout.

    python benchmarks/bench_classroom.py [--students 20] [--moves 10] [--pause 1.0] [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import psutil

from implant_edu.tools import REPO_ROOT, classroom

OUT = REPO_ROOT / "artifacts" / "benchmarks" / "classroom.json"
LOG = OUT.with_name("classroom-hub.log")


def _row(label: str, stats: dict, unit: str = "s") -> str:
    if not stats["n"]:
        return f"  {label:<34} {'-':>9} {'-':>9} {'-':>9}   n=0"
    return (
        f"  {label:<34} {stats['median']:>8.3f}{unit[0]} {stats['p95']:>8.3f}{unit[0]} "
        f"{stats['max']:>8.3f}{unit[0]}   n={stats['n']}"
    )


def table(figures: dict) -> str:
    """The figures as the lines the benchmark prints."""
    lines = []
    for name, alone in figures["alone"].items():
        if alone["lesson_s"] is not None:
            lines.append(
                f"{name} alone: log in {alone['login_s']:.2f} s, spawn {alone['spawn_s']:.1f} s, "
                f"first widget {alone['first_widget_s']:.1f} s, lesson {alone['lesson_s']:.1f} s"
            )
    lines += [
        f"class of {figures['students']}: {figures['succeeded']} ran the lesson, "
        f"{figures['wall_s']:.0f} s from the first login to the last move",
        f"  {'':<34} {'median':>9} {'p95':>9} {'max':>9}",
        "  the others, arriving at once:",
        _row("log in", figures["login_s"]),
        _row("start the server (spawn)", figures["spawn_s"]),
        _row("open lesson 04 to first widget", figures["first_widget_s"]),
        _row("run all of lesson 04", figures["lesson_s"]),
        _row("time step round trip", figures["step_s"]),
        _row("gum move, student alone", figures["move_alone_s"]),
        _row("gum move, class active", figures["move_loaded_s"]),
        _row("  of which the arrivals' own", figures["move_arrived_s"]),
        _row("memory per student RSS (MiB)", figures["rss_mib_per_student"], "M"),
        _row("memory per student USS (MiB)", figures["uss_mib_per_student"], "M"),
        _row("  of which the server alone, RSS", figures["server_rss_mib"], "M"),
        _row("CPU time per student (server+kernel)", figures["cpu_s_per_student"]),
    ]
    ratio = figures["ratio"]
    if ratio["median"] is not None:
        lines.append(
            f"  gum move under load / alone: median {ratio['median']:.2f} x, "
            f"p95 {ratio['p95']:.2f} x"
        )
    lines.append(f"  all servers together: {figures['rss_mib_total']:.0f} MiB RSS")
    if figures["hub"]:
        lines.append(
            f"  hub, proxy and culler: {figures['hub']['rss_mib']:.0f} MiB RSS, "
            f"{figures['hub']['cpu_s']:.1f} s CPU"
        )
    for name, error in figures["errors"].items():
        lines.append(f"  FAILED {name}: {error}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20, help="1 to 60 (default 20)")
    parser.add_argument("--moves", type=int, default=10, help="moves per student (default 10)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between moves (1.0)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the run (900)")
    args = parser.parse_args()
    print(
        f"JupyterHub on 127.0.0.1, {args.students} students, {args.moves} moves each, "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
        f"load average before: {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    started = time.monotonic()
    run = classroom.run_class(
        args.students, moves=args.moves, pause_s=args.pause, timeout_s=args.timeout, keep_log=LOG
    )
    figures = classroom.summarise(run)
    print(table(figures))
    figures.update(
        moves=args.moves,
        pause_s=args.pause,
        total_s=time.monotonic() - started,
        memory=run.memory,
        machine={
            "cores": os.cpu_count(),
            "memory_gib": psutil.virtual_memory().total / 2**30,
            "python": platform.python_version(),
            "load_average_after": os.getloadavg(),
        },
        date=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written: {OUT} and the hub's log {LOG.name}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
