"""Time every notebook of the book, each in a fresh kernel, one after another.

Usage::

    python tools/time_chapters.py [--repeat N] [notebook ...]

Prints one line per notebook with the best and the worst wall-clock time of N
runs (default 1), the kernel start-up included, and exits non-zero if a
notebook fails. A benchmark, not a test: the times depend on the machine, so
no test asserts them; the execution-status page of the built site shows the
times of the build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run_once(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(cwd=tmp)
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    paths = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    print(f"{'notebook':40s} {'best (s)':>9s} {'worst (s)':>9s}")
    for path in paths:
        times = [run_once(path) for _ in range(args.repeat)]
        print(f"{path.name:40s} {min(times):9.1f} {max(times):9.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
