"""Articles per second, local engine against the Ray engine with 1, 2, … actors.

    python -m verify.engine.bench FOLDER [--actors 1,2] [--copies N] [--json]

Every run checks the same articles against the store of ``VERIFY_HOME`` (nothing is stored:
``--no-store``), each in a fresh ``verify article`` process, timed from start to exit (so
Ray's start and each actor's loading count). ``--copies`` repeats the folder's articles
under other names (links, not copies), for runs long enough to show the steady rate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _folder(source: Path, copies: int, into: Path) -> int:
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".txt", ".html"))
    for k in range(copies):
        for p in files:
            (into / f"{k:02d}-{p.name}").symlink_to(p.resolve())
    return len(files) * copies


def _run(folder: Path, extra: list[str]) -> float:
    cmd = [sys.executable, "-m", "verify", "article", str(folder), "--no-store"]
    cmd += ["--format", "jsonl", "--out", "/dev/null", *extra]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--actors", default="1,2", help="Actor counts for the Ray engine.")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = _folder(args.folder, args.copies, folder)
        runs = [("local", [])] + [
            (f"ray-{a}", ["--engine", "ray", "--actors", a]) for a in args.actors.split(",")
        ]
        out = {"articles": n}
        for name, extra in runs:
            seconds = _run(folder, extra)
            out[name] = {"seconds": round(seconds, 1), "articles_per_s": round(n / seconds, 3)}
            if not args.json:
                print(f"{name:8} {seconds:7.1f} s  {n / seconds:6.2f} articles/s", flush=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
