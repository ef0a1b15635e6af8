"""Build fabula/data/common_words.txt: everyday English words, which are not
names however they are capitalised ("Brilliant," he said; "Head Auror").

The list is vocabulary, read off Project Gutenberg novels in LitBank's
`original/` folder (../shared/data/litbank), split so that nothing fabula is
evaluated on is used: the novels that PDNC also holds are left out, and of
the others the first 100,000 characters (where LitBank's annotated excerpt
lies) are skipped. A word is kept when the novels write it in lower case in
at least MIN_NOVELS of them, and in lower case at least SHARE of the times
they write it away from a sentence start: "will" and "grace" are kept, so a
character called Will or Grace needs the text to show them acting before
they count as a name; "Bennet" and "Pip" are not.

    .venv/bin/python scripts/build_common_words.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "fabula" / "data" / "common_words.txt"
SKIP = 100_000
MIN_NOVELS = 15
SHARE = 0.9
_WORD = re.compile(r"(?<![\w'])([A-Za-z][a-z]+)(?![\w'])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'(\u201c\u2018]\s*|\n\s*\n\s*)$")


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    data = Path(args.data)
    pdnc = {_key(p.name) for p in (data / "pdnc").iterdir() if p.is_dir()}
    lower: Counter = Counter()
    capitalised: Counter = Counter()
    novels: Counter = Counter()
    used = 0
    for path in sorted((data / "litbank" / "original").glob("*.txt")):
        title = _key(path.stem.split("_", 1)[1])
        if any(title.startswith(p) or p.startswith(title) for p in pdnc):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")[SKIP:]
        if not text:
            continue
        used += 1
        seen = set()
        for m in _WORD.finditer(text):
            word = m.group(1)
            if word.islower():
                lower[word] += 1
                seen.add(word)
            elif not _SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()]):
                capitalised[word.lower()] += 1
        novels.update(seen)
    kept = sorted(w for w, n in novels.items()
                  if n >= MIN_NOVELS and lower[w] >= SHARE * (lower[w] + capitalised[w]))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(kept):,} words from {used} novels")


if __name__ == "__main__":
    main()
