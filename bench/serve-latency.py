#!/usr/bin/env python3
"""serve, end to end, as a liaison sees it: from a file saved on disk to the reload event
on the page's event stream (file watching and the debounce included), for every kind of
single-file edit (issue 18).

    bench/serve-latency.py [--edits N] [--content DIR] [--binary PATH] [--kinds "a;b"] [--log FILE]

DIR (default /tmp/bench/c10k/content, else generated with make-corpus.py, 10,000
write-ups) is copied first; the copy gets a plan for every sector and one photo so that
plan-item and photo edits exist. A real `jiebie serve --port 0` (release build) runs on
the copy; the script reads `/__jiebie/events` and times each edit N times (default 6),
printing the median and maximum per kind, and one JSON line per kind for BENCHMARKS.md.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Events:
    """The reload stream: every `data:` line, with the time it arrived."""

    def __init__(self, address):
        host, port = address.split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(
            f"GET /__jiebie/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        self.cond = threading.Condition()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if line.startswith(b"data: "):
                    with self.cond:
                        self.seen.append((time.perf_counter(), line[6:].strip().decode()))
                        self.cond.notify_all()

    def count(self):
        with self.cond:
            return len(self.seen)

    def wait_after(self, index, timeout=60):
        """The time of the first event after the first `index` events."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while len(self.seen) <= index:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("no reload event")
                self.cond.wait(left)
            return self.seen[index][0]


def write(path, text):
    """Saves as an editor does: write the whole file and close it."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--content", default="/tmp/bench/c10k/content")
    parser.add_argument("--binary", default=str(REPO / "target/release/jiebie"))
    parser.add_argument("--kinds", default="")
    parser.add_argument("--log", default="", help="append the server's stderr here (with JIEBIE_TIMINGS=1: where each rebuild's time goes)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jiebie-serve-latency-"))
    try:
        if Path(args.content).is_dir():
            shutil.copytree(args.content, work / "content")
        else:
            subprocess.run(
                [sys.executable, str(REPO.parent / "shared/bench/make-corpus.py"), str(work),
                 "--activities", "10000", "--format", "jiebie"],
                check=True,
            )
        content = work / "content"
        sectors = sorted(p.name for p in (content / "sectors").iterdir() if p.is_dir())
        writeups = sorted((content / "sectors").glob("*/activities/*/*.md"))
        target = writeups[len(writeups) // 2]
        sector = target.parts[target.parts.index("sectors") + 1]
        year = int(target.parent.name)
        # A plan for the edited write-up's sector and year, and a photo beside it.
        plan = content / "sectors" / sector / "plans" / f"{year}.md"
        plan.parent.mkdir(parents=True, exist_ok=True)
        write(plan, f"---\nyear: {year}\nitems:\n  - {{ id: p1, title: 学习, kind: study, quarter: 1 }}\n  - {{ id: p2, title: 调研, kind: research, quarter: 2 }}\n---\n计划。\n")
        photo = target.parent / "bench-photo.jpg"
        shutil.copy(REPO / "content/sectors/huanjing/activities/2025/lake-2.jpg", photo)
        original = target.read_text(encoding="utf-8")
        profile = content / "sectors" / sector / "index.md"
        profile_text = profile.read_text(encoding="utf-8")
        plan_text = plan.read_text(encoding="utf-8")

        env = dict(os.environ, XDG_RUNTIME_DIR=str(work / "runtime"))
        (work / "runtime").mkdir()
        server = subprocess.Popen(
            [args.binary, "serve", "--port", "0", "--no-desk"],
            cwd=work, env=env, stdout=subprocess.PIPE,
            stderr=open(args.log, "a") if args.log else subprocess.DEVNULL, text=True,
        )
        try:
            line = server.stdout.readline()
            address = re.search(r"http://([0-9.:]+)/", line).group(1)
            events = Events(address)
            events.wait_after(0, timeout=300)
            time.sleep(1.0)  # the stages after the first reload

            def replace(old, new, text=None):
                base = original if text is None else text
                if old not in base:
                    raise SystemExit(f"cannot edit: {old!r} not in {target}")
                return base.replace(old, new, 1)

            title_line = re.search(r"^title: .*$", original, re.M).group(0)
            date_line = re.search(r"^date: .*$", original, re.M).group(0)
            kind_line = re.search(r"^kind: .*$", original, re.M).group(0)
            other_year = year - 1 if year > 2021 else year + 1

            kinds = {
                "body": lambda i: write(target, original + f"\n第 {i} 次修改的补充。\n"),
                "title": lambda i: write(target, replace(title_line, f"{title_line[:-1]}（{i}）\"" if title_line.endswith('"') else f"{title_line}（{i}）")),
                "kind": lambda i: write(target, replace(kind_line, "kind: study" if i % 2 == 0 else "kind: consultation")),
                "date, same year": lambda i: write(target, replace(date_line, f"date: {year}-{(i % 11) + 1:02d}-1{i % 9}")),
                "date, across years": lambda i: write(target, replace(date_line, f"date: {other_year if i % 2 == 0 else year}-06-15")),
                "participants": lambda i: write(target, replace("participants: [", f"participants: [测试{i}, ")),
                "photos": lambda i: write(target, replace("\n---\n", f"\nphotos:\n  - {{ src: bench-photo.jpg, alt: 第 {i} 张照片 }}\n---\n") if i % 2 == 0 else original),
                "new write-up": lambda i: write(target.parent / f"{year}-03-0{(i % 9) + 1}-bench-new-{i}.md", f"---\ntitle: 新增稿件 {i}\ndate: {year}-03-0{(i % 9) + 1}\nkind: study\n---\n正文 {i}。\n"),
                "deleted write-up": lambda i: (target.parent / f"{year}-03-0{(i % 9) + 1}-bench-new-{i}.md").unlink(),
                "plan item": lambda i: write(plan, plan_text.replace("title: 调研", f"title: 调研 {i}")),
                "sector profile": lambda i: write(profile, profile_text.rstrip("\n") + f"\n\n第 {i} 次修改的简介。\n"),
            }
            wanted = [k for k in kinds if not args.kinds or k in args.kinds.split(";")]
            results = {}
            for kind in wanted:
                times = []
                for i in range(args.edits):
                    before = events.count()
                    start = time.perf_counter()
                    kinds[kind](i)
                    arrived = events.wait_after(before)
                    times.append((arrived - start) * 1000)
                    time.sleep(0.6)  # let the stages after the reload finish
                # Each kind starts from the original files.
                restored = False
                for path, text in ((target, original), (plan, plan_text), (profile, profile_text)):
                    if path.read_text(encoding="utf-8") != text:
                        write(path, text)
                        restored = True
                if restored:
                    before = events.count()
                    events.wait_after(before)
                    time.sleep(0.6)
                results[kind] = times
                print(f"{kind:20} median {statistics.median(times):7.0f} ms   max {max(times):7.0f} ms", flush=True)
            for kind, times in results.items():
                print(json.dumps({"edit": kind, "median_ms": round(statistics.median(times)),
                                  "max_ms": round(max(times)), "n": len(times)}, ensure_ascii=False))
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
