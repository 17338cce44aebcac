"""Time an offline lint of large generated lists side by side with peers, in the same run.

The newest DefTruth list of the corpus (342 table rows) is repeated 10x and 100x (3.4k and 34k rows). For
each file the script runs, interleaved and repeated, as separate processes:

- ``awesomelint --offline FILE --format json`` (the whole process: start-up, parse, model, every offline rule,
  output);
- a bare markdown-it-py block parse of the same file (``MarkdownIt('commonmark').enable('table')`` with the
  inline phase disabled, the collector on): ~17 tokens per table row;
- the parser awesomelint actually runs (``document.blocks.parse_blocks``: cmark-gfm's block reading, a
  table one block with the span of each row, the collector off as in the CLI), the floor of awesomelint's
  own parse;
- the same with the inline phase (a full markdown-it-py parse), for reference;
- markdownlint-cli2 (npm), if it can be installed (``npm install`` into benchmarks/.work).

It prints medians, peak memory (max RSS of each process, from ``wait4``) and the ratios. Run by hand:

    python benchmarks/offline_lint.py [--repeat 5] [--corpus ../shared/corpus]

Not part of CI: the machines are shared and noisy, so quote medians and ratios measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
LIST = "DefTruth__Awesome-LLM-Inference__README.md"

BARE_BLOCK = (
    "import sys\nfrom markdown_it import MarkdownIt\n"
    "md = MarkdownIt('commonmark').enable('table'); md.disable('inline')\n"
    "md.parse(open(sys.argv[1], encoding='utf-8').read())\n"
)
#: the parser awesomelint actually runs (document/blocks.py: one block per table, no inline phase), with the
#: collector off as in the CLI; the bare block parse above builds ~17 tokens per row with it on
OUR_PARSER = (
    "import gc, sys\nfrom awesomelint.document.blocks import parse_blocks\n"
    "gc.disable(); parse_blocks(open(sys.argv[1], encoding='utf-8').read().split('\\n'))\n"
)
BARE_FULL = (
    "import sys\nfrom markdown_it import MarkdownIt\n"
    "MarkdownIt('commonmark').enable('table').parse(open(sys.argv[1], encoding='utf-8').read())\n"
)


def run(cmd: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit status) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def markdownlint() -> list[str] | None:
    exe = WORK / "node_modules" / ".bin" / "markdownlint-cli2"
    if not exe.exists() and shutil.which("npm"):
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(WORK),
                "markdownlint-cli2",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return [str(exe)] if exe.exists() else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument(
        "--peer-max-factor",
        type=int,
        default=10,
        help="above this many copies markdownlint-cli2 runs once (it takes minutes at 100 copies)",
    )
    args = ap.parse_args()
    source = args.corpus / LIST
    if not source.exists():
        print(f"corpus file not found: {source}", file=sys.stderr)
        return 2
    text = source.read_text(encoding="utf-8")
    tmp = Path(tempfile.mkdtemp(prefix="awesomelint-bench-"))
    exe = [sys.executable, "-m", "awesomelint"]
    mdl = markdownlint()
    if mdl is None:
        print("markdownlint-cli2 could not be installed (npm missing?): its column is empty", file=sys.stderr)
    results: dict[tuple[int, str], list[tuple[float, int]]] = {}
    rows_per_copy: int | None = None
    for factor in (int(x) for x in args.sizes.split(",")):
        path = tmp / f"x{factor}.md"
        path.write_text(text * factor, encoding="utf-8")
        if rows_per_copy is None:
            from awesomelint import parse

            rows_per_copy = sum(len(t.rows) for t in parse(text).tables)
        tools: dict[str, list[str]] = {
            "awesomelint": [*exe, "--offline", str(path), "--format", "json"],
            "markdown-it block parse": [sys.executable, "-c", BARE_BLOCK, str(path)],
            "awesomelint's parser": [sys.executable, "-c", OUR_PARSER, str(path)],
            "markdown-it full parse": [sys.executable, "-c", BARE_FULL, str(path)],
        }
        if mdl is not None:
            (tmp / ".markdownlint-cli2.jsonc").write_text(json.dumps({"config": {"default": True}}))
            tools["markdownlint-cli2"] = [*mdl, str(path)]
        for k in range(args.repeat):  # interleaved, so that load on the machine hits every tool alike
            for name, cmd in tools.items():
                if name == "markdownlint-cli2" and factor > args.peer_max_factor and k > 0:
                    continue  # minutes per run at 34k rows: once is enough to compare
                seconds, rss, _status = run(cmd)
                results.setdefault((factor, name), []).append((seconds, rss))
                print(f"  x{factor} {name}: {seconds:.2f} s, {rss} MB", file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"\nmedian of {args.repeat} runs each (markdownlint-cli2: 1 above {args.peer_max_factor} copies), interleaved;"
    )
    print("peak RSS is the max over the runs\n")
    print(f"{'copies':>6} {'tool':<26} {'median s':>9} {'min s':>7} {'peak MB':>8} {'vs block parse':>15}")
    for factor in sorted({f for f, _ in results}):
        base = statistics.median(s for s, _ in results[(factor, "markdown-it block parse")])
        for (f, name), samples in results.items():
            if f != factor:
                continue
            med = statistics.median(s for s, _ in samples)
            print(
                f"{factor:>6} {name:<26} {med:>9.3f} {min(s for s, _ in samples):>7.3f} "
                f"{max(r for _, r in samples):>8} {med / base:>14.2f}x"
            )
    print(f"\n(one copy of the list = {rows_per_copy} table rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
