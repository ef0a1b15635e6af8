"""Reads LitBank's quotation and coreference layers as gold for `scoring`.

A LitBank directory holds, per text, `quotations/tsv/NAME.ann` and
`coref/brat/NAME.ann`, both over the same tokenized `NAME.txt`: one sentence
per line, tokens separated by single spaces. fabula reads that tokenized text
as it is, so gold offsets are built from it:

- a `QUOTE` row (id, start sentence, start token, end sentence, end token,
  text) covers the tokens from start to end inclusive, quote marks included;
  the leading and trailing tokens made only of quote marks or dashes are
  dropped so the span, like fabula's, excludes them;
- an `ATTRIB` row (quote id, chain id) gives the speaker as a coreference
  chain. In `coref/brat` every mention is listed twice at the same offsets:
  once labelled with its chain id, once with its kind (`PROP_PER`, `NOM_PER`,
  `PRON_PER`, ...). A chain's names are its proper-name mentions, its main
  name the most frequent of them; a chain with no proper name is named by
  its longest mention.

Gold characters are the chains of people (some mention `_PER`) and any chain
that speaks. Texts whose quotation file has no quotations are left out.
LitBank has no quoteType, so the split by type is empty.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .scoring import GoldCharacter, GoldQuote, GoldText

QUOTATIONS = Path("quotations") / "tsv"
COREF = Path("coref") / "brat"
SUFFIX = "_brat"
MARK_CHARS = set("\"'“”‘’«»‹›„—–-")
MENTION_KIND = re.compile(r"(PROP|NOM|PRON)_[A-Z]+")


def _has_quotes(path: Path) -> bool:
    with open(path, encoding="utf-8") as f:
        return any(line.startswith("QUOTE\t") for line in f)


def litbank_texts(directory: str | Path) -> list[str]:
    """Names (file stem without `_brat`) of the texts with quotations, sorted."""
    root = Path(directory)
    if not (root / QUOTATIONS).is_dir() or not (root / COREF).is_dir():
        raise InputError(str(directory), f"not a LitBank directory (needs {QUOTATIONS} and {COREF})")
    names = sorted(p.stem.removesuffix(SUFFIX) for p in (root / QUOTATIONS).glob("*.ann")
                   if _has_quotes(p) and (root / COREF / p.name).is_file())
    if not names:
        raise InputError(str(directory), "no LitBank texts with quotations")
    return names


def select_texts(directory: str | Path, names: Iterable[str] = ()) -> dict[str, Path]:
    """Name -> quotation file of the texts to evaluate: all, or just `names`."""
    known = litbank_texts(directory)
    chosen = list(dict.fromkeys(names)) or known
    for name in chosen:
        if name not in known:
            raise InputError(str(directory), f"no LitBank text named {name!r} with quotations")
    return {name: Path(directory) / QUOTATIONS / f"{name}{SUFFIX}.ann" for name in chosen}


def token_offsets(text: str) -> list[list[tuple[int, int]]]:
    """Per sentence (line), the [start, end) character offsets of each token."""
    sentences = []
    line_start = 0
    for line in text.split("\n"):
        tokens, at = [], line_start
        for token in line.split(" "):
            tokens.append((at, at + len(token)))
            at += len(token) + 1
        sentences.append(tokens)
        line_start += len(line) + 1
    return sentences


def _quote_span(text: str, sentences: list[list[tuple[int, int]]],
                first: tuple[int, int], last: tuple[int, int]) -> tuple[int, int]:
    tokens = [tok for s in range(first[0], last[0] + 1)
              for t, tok in enumerate(sentences[s])
              if first <= (s, t) <= last]
    words = [tok for tok in tokens if not set(text[tok[0]:tok[1]]) <= MARK_CHARS]
    # A quotation of nothing but marks keeps its whole extent rather than vanish.
    kept = words or tokens
    return kept[0][0], kept[-1][1]


def _chains(path: Path) -> tuple[dict[str, list[str]], dict[str, list[str]], set[str]]:
    """Chain id -> all mention texts, chain id -> proper-name texts, ids of chains of people."""
    kinds: dict[tuple[str, str], str] = {}
    labelled: list[tuple[str, tuple[str, str], str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("T"):
                continue
            _, where, mention = line.rstrip("\n").split("\t", 2)
            label, *offsets = where.split(" ")
            key = (offsets[0], offsets[-1])
            if MENTION_KIND.fullmatch(label):
                kinds[key] = label
            else:
                labelled.append((label, key, mention))
    mentions: dict[str, list[str]] = defaultdict(list)
    proper: dict[str, list[str]] = defaultdict(list)
    people: set[str] = set()
    for chain, key, mention in labelled:
        kind = kinds.get(key, "")
        mentions[chain].append(mention)
        if kind.startswith("PROP_"):
            proper[chain].append(mention)
        if kind.endswith("_PER"):
            people.add(chain)
    return mentions, proper, people


def load_text(quotation_file: str | Path) -> GoldText:
    quotation_file = Path(quotation_file)
    root = quotation_file.parent.parent.parent
    with open(quotation_file.with_suffix(".txt"), encoding="utf-8", newline="") as f:
        text = f.read()
    sentences = token_offsets(text)
    spans: dict[str, tuple[int, int]] = {}
    speakers: dict[str, str] = {}
    with open(quotation_file, encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            if row[0] == "QUOTE":
                s1, t1, s2, t2 = map(int, row[2:6])
                spans[row[1]] = _quote_span(text, sentences, (s1, t1), (s2, t2))
            elif row[0] == "ATTRIB":
                speakers[row[1]] = row[2]
    mentions, proper, people = _chains(root / COREF / quotation_file.name)
    characters = []
    for chain in sorted(people | set(speakers.values())):
        names = proper.get(chain)
        if names:
            # most_common keeps first-seen order among equals: the earliest name wins a tie.
            main = Counter(names).most_common(1)[0][0]
        else:
            main = max(mentions.get(chain) or [chain], key=len)
            names = [main]
        characters.append(GoldCharacter(id=chain, name=main, names=frozenset(names)))
    quotes = tuple(GoldQuote(id=qid, spans=(span,), speaker=speakers.get(qid))
                   for qid, span in spans.items())
    name = quotation_file.stem.removesuffix(SUFFIX)
    return GoldText(name=name, text=text, characters=tuple(characters), quotes=quotes)
