"""Works per second for `fabula corpus run` with 1 and 2 workers, against
single-document analysis of the same works in one process.

It cuts the PDNC novels (`../shared/data/pdnc/*/novel_text.txt`) at paragraph
breaks into chapter-sized works of about `--words` words each; the novels
hold about 1.7 million words, so to reach `--pieces` works it cuts them again
starting part-way into a piece (each pass's pieces are new texts, cut at other
places). The works are written as .txt files to a temporary directory, then:

- single document: `fabula.analyze_file` on each file in turn, in this process;
- corpus: `run_corpus` on the directory with 1 worker, then 2 (fresh OUT_DIRs).

It prints works/s and words/s for each, the 2-vs-1 speed-up, corpus
throughput per worker relative to single-document speed, and the peak memory
of a worker process. Targets: speed-up >= 1.7, per-core ratio >= 0.8, peak
memory per worker < 500 MB. Results also go to bench/results/corpus.md.

    .venv/bin/python bench/corpus.py                 # 2,000 works of ~2,500 words
    .venv/bin/python bench/corpus.py --pieces 300    # a quick look
"""

from __future__ import annotations

import argparse
import datetime
import resource
import sys
import tempfile
import time
from pathlib import Path

import fabula
from fabula.corpus import run_corpus
from fabula.model import count_words

ROOT = Path(__file__).resolve().parent.parent
PDNC = ROOT.parent / "shared" / "data" / "pdnc"


def cut_pieces(novels: list[Path], pieces: int, words: int) -> list[str]:
    """Up to `pieces` texts of about `words` words, cut at paragraph breaks."""
    paragraphs = [[p for p in novel.read_text(encoding="utf-8").split("\n\n") if p.strip()] for novel in novels]
    sizes = [[count_words(p) for p in novel] for novel in paragraphs]
    out: list[str] = []
    passes = 0
    while len(out) < pieces:
        lead = (passes * words // 3) % words  # where this pass's first cut falls
        passes += 1
        for novel, novel_sizes in zip(paragraphs, sizes):
            current, size = [], -lead
            for paragraph, n in zip(novel, novel_sizes):
                size += n
                if size <= 0:
                    continue
                current.append(paragraph)
                if size >= words:
                    out.append("\n\n".join(current) + "\n")
                    current, size = [], 0
                    if len(out) == pieces:
                        return out
        if passes > 12:
            break
    return out


def single_document(files: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    words = sum(fabula.analyze_file(f).words for f in files)
    return time.perf_counter() - started, words


def corpus(directory: Path, out_dir: Path, workers: int):
    started = time.perf_counter()
    summary = run_corpus(directory, out_dir, workers=workers)
    assert summary.failed == 0, summary.errors
    return time.perf_counter() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pieces", type=int, default=2000, help="works to cut (default 2000)")
    parser.add_argument("--words", type=int, default=2500, help="words per work (default 2500)")
    args = parser.parse_args()
    novels = sorted(PDNC.glob("*/novel_text.txt"))
    if not novels:
        sys.exit(f"bench/corpus.py: no PDNC novels in {PDNC}")
    texts = cut_pieces(novels, args.pieces, args.words)
    with tempfile.TemporaryDirectory(prefix="fabula-corpus-bench-") as tmp:
        works = Path(tmp) / "works"
        works.mkdir()
        files = []
        for i, text in enumerate(texts):
            path = works / f"work-{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        total_words = sum(count_words(t) for t in texts)
        print(f"{len(texts):,} works, {total_words:,} words ({total_words // len(texts):,} per work), "
              f"cut from {len(novels)} PDNC novels", flush=True)
        single_seconds, _ = single_document(files)
        rows = [("single document, 1 process", single_seconds, None)]
        print(f"single document: {single_seconds:.1f} s", flush=True)
        runs = {}
        for workers in (1, 2):
            seconds, summary = corpus(works, Path(tmp) / f"out-{workers}", workers)
            runs[workers] = (seconds, summary)
            rows.append((f"corpus run, {workers} worker{'s' * (workers > 1)}", seconds, summary))
            print(f"corpus, {workers} workers: {seconds:.1f} s", flush=True)
    n = len(texts)
    lines = [f"Corpus bench, {datetime.date.today()}: {n:,} works of ~{args.words:,} words "
             f"({total_words:,} words) cut from the PDNC novels", "",
             "| run | seconds | works/s | words/s | peak memory per worker |", "|---|---|---|---|---|"]
    for label, seconds, summary in rows:
        memory = f"{summary.peak_worker_rss / 2**20:,.0f} MB" if summary else "n/a"
        lines.append(f"| {label} | {seconds:.1f} | {n / seconds:,.1f} | {total_words / seconds:,.0f} | {memory} |")
    speedup = runs[1][0] / runs[2][0]
    per_core_1 = single_seconds / runs[1][0]
    per_core_2 = single_seconds / (2 * runs[2][0])
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"- 2 workers vs 1: {speedup:.2f}x (target >= 1.7)",
              f"- corpus throughput per worker vs single document: {per_core_1:.2f} with 1 worker, "
              f"{per_core_2:.2f} with 2 (target >= 0.8)",
              f"- peak memory: {max(s.peak_worker_rss for _, s in runs.values()) / 2**20:,.0f} MB per worker "
              f"(target < 500 MB); this process {parent:,.0f} MB"]
    report = "\n".join(lines) + "\n"
    print("\n" + report, end="")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "corpus.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
