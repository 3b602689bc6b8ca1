#!/usr/bin/env python3
"""Build-time benchmark for jiebie, side by side with Hugo on the same write-ups.

    python3 bench/run.py [SIZES ...] [--runs R] [--dir DIR] [--binary PATH] [--no-hugo]

SIZES default to 1000 10000 100000 write-ups. For each size it generates the corpus once
(../shared/bench/make-corpus.py, in jiebie's and Hugo's layouts; kept in DIR for the next
run) and measures, with GNU time (wall, user + system CPU, peak resident memory):

  check        `jiebie check`: load, validate, derive, render Markdown bodies
  build        `jiebie build` into a new, empty output directory, run alternately with
               `hugo` into one (each run has its own; all are removed at the end)
  no-op        `jiebie build` again with nothing changed, in the steady state (the
               previous tree is there: the third and later builds)
  one-file     `jiebie build` after one write-up's body changed (a different one each run)
  hugo         `hugo` on the same write-ups into an existing output directory, run
               alternately with jiebie's no-op rebuild, as ../shared/bench/vs-hugo.sh does
  hugo-fresh   `hugo` into an empty output directory (paired with `build`: the ratio is
               the median of the pairs' ratios)

Each figure is the median of R runs (default 3; 1 for sizes above 20,000). Pages/s is the
number of HTML pages jiebie wrote (Hugo: the pages it reports) divided by the wall time.
Prints a Markdown table for BENCHMARKS.md. Needs python3, /usr/bin/time (apt-get install
time) and, unless --no-hugo, hugo (apt-get install hugo). The serve figure (one saved
write-up until the browser is told to reload) is measured by bench/serve-incremental.sh.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS_SCRIPT = Path(
    os.environ.get("CORPUS_SCRIPT", ROOT.parent / "shared" / "bench" / "make-corpus.py")
)


def timed(cmd, cwd=None):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        run = subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *map(str, cmd)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"failed: {' '.join(map(str, cmd))}\n{run.stdout}\n{run.stderr}")
        wall, user, system, rss = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024, run.stdout + run.stderr


def pages_of(output):
    """Pages jiebie (已生成 N 个页面) or Hugo (Pages | N) reports."""
    m = re.search(r"已生成 (\d+) 个页面", output) or re.search(r"generated (\d+) page", output)
    if m:
        return int(m.group(1))
    m = re.search(r"Pages\s*\|\s*(\d+)", output)
    return int(m.group(1)) if m else None


def corpus(base, n):
    here = base / f"c{n}"
    if not (here / "jiebie" / "content").is_dir():
        if not CORPUS_SCRIPT.is_file():
            sys.exit(f"corpus script not found: {CORPUS_SCRIPT} (set CORPUS_SCRIPT)")
        for fmt in ("jiebie", "hugo"):
            target = here / fmt
            if target.exists():
                shutil.rmtree(target)
            subprocess.run(
                [sys.executable, CORPUS_SCRIPT, target, "--activities", str(n), "--format", fmt],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    return here


def clear(output):
    """Removes an output directory and the previous tree jiebie keeps beside it."""
    for path in (output, output.parent / f".{output.name}.jiebie-previous"):
        if path.exists():
            shutil.rmtree(path)


def edit_one(content, k):
    """Appends a paragraph to the k-th write-up (sorted by path); returns it."""
    files = sorted((content / "sectors").rglob("*.md"))
    files = [f for f in files if f.name != "_index.md" and "/activities/" in f.as_posix()]
    target = files[(k * 7919) % len(files)]
    with open(target, "a", encoding="utf-8") as f:
        f.write(f"\n\n基准测试第 {k} 次修改：补充一段会后落实情况。\n")
    return target


def median_row(rows):
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[1] for r in rows)
    rss = statistics.median(r[2] for r in rows)
    return wall, cpu, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "jiebie-bench")
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "jiebie")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    if args.binary == ROOT / "target" / "release" / "jiebie":
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = args.binary.resolve()
    hugo = None if args.no_hugo else shutil.which("hugo")
    if not args.no_hugo and hugo is None:
        sys.exit("hugo not found (apt-get install hugo, or pass --no-hugo)")
    args.dir.mkdir(parents=True, exist_ok=True)

    table = []
    for n in args.sizes:
        runs = args.runs or (3 if n <= 20000 else 1)
        base = corpus(args.dir, n)
        # Work on a copy, so that the one-file edits never change the stored corpus.
        work = base / "work"
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(base / "jiebie", work)
        content, out = work / "content", base / "out-jiebie"
        build = [binary, "build", "--content", content, "--output", out]
        print(f"== {n} write-ups, {runs} run(s) each", file=sys.stderr)

        results = {}
        results["check"] = [timed([binary, "check", "--content", content]) for _ in range(runs)]
        # First builds into an empty directory, jiebie and Hugo alternately so that both
        # meet the same machine. Each run writes into a directory of its own, and they
        # are all removed at the end: ext4 does not reuse an inode for 30 s after it was
        # freed and scans past every such inode to create a file, so a build right after
        # the previous output was deleted (22,000 files, or 44,000 with jiebie's kept
        # tree) pays seconds of system time for the deletion, not for itself.
        fresh, hugo_fresh = [], []
        firsts = base / "first-builds"
        clear(firsts)
        for k in range(runs):
            os.sync()
            fresh.append(timed([*build[:-1], firsts / f"jiebie-{k}"]))
            if hugo:
                os.sync()
                hugo_fresh.append(
                    timed([hugo, "-s", base / "hugo", "-d", firsts / f"hugo-{k}"])
                )
        clear(firsts)
        results["build (empty output)"] = fresh
        timed(build)  # the second build leaves the previous tree: steady state from here
        noop, hugo_rows = [], []
        for _ in range(runs):
            noop.append(timed(build))
            if hugo:
                hugo_rows.append(
                    timed([hugo, "--quiet", "-s", base / "hugo", "-d", base / "out-hugo"])
                )
        results["no-op rebuild"] = noop
        results["one-file rebuild"] = []
        for k in range(runs):
            edit_one(content, k)
            results["one-file rebuild"].append(timed(build))
        if hugo:
            results["Hugo (existing output)"] = hugo_rows
            results["Hugo (empty output)"] = hugo_fresh
        pages = pages_of(fresh[0][3])
        hugo_pages = pages_of(results["Hugo (empty output)"][0][3]) if hugo else None
        for name, rows in results.items():
            wall, cpu, rss = median_row(rows)
            count = hugo_pages if name.startswith("Hugo") else (n if name == "check" else pages)
            unit = "write-ups/s" if name == "check" else "pages/s"
            rate = f"{count / wall:,.0f} {unit}" if count and wall > 0 else "–"
            table.append((n, name, wall, cpu, rss, rate))
            print(f"  {name:24s} {wall:7.2f} s wall {cpu:7.2f} s CPU {rss:8.1f} MiB  {rate}",
                  file=sys.stderr)
        if hugo:
            ratio = statistics.median(a[0] / b[0] for a, b in zip(noop, hugo_rows))
            table.append((n, "ratio jiebie/Hugo, rebuilds (median of pairs)", ratio, None, None, ""))
            ratio = statistics.median(a[0] / b[0] for a, b in zip(fresh, hugo_fresh))
            table.append(
                (n, "ratio jiebie/Hugo, empty output (median of pairs)", ratio, None, None, "")
            )
        shutil.rmtree(work)

    print("| write-ups | run | wall s | CPU s | peak MiB | throughput |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for n, name, wall, cpu, rss, rate in table:
        if cpu is None:
            print(f"| {n:,} | **{name}** | **{wall:.2f}** | | | |")
        else:
            print(f"| {n:,} | {name} | {wall:.2f} | {cpu:.2f} | {rss:,.0f} | {rate} |")


if __name__ == "__main__":
    main()
