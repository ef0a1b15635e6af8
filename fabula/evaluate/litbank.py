"""Reads LitBank's quotation and coreference layers as gold for `scoring`.

A LitBank directory holds, per text, `original/NAME.txt` (the Project
Gutenberg text, usually the whole book) and, over a tokenized copy of its
first ~2,000 words, `quotations/tsv/NAME_brat.ann` and `coref/brat/NAME_brat.ann`
(both beside the same `NAME_brat.txt`: one sentence per line, tokens
separated by single spaces).

fabula reads the original, as it would any book, never the tokenized copy
(quote marks standing apart from the words are not how fiction is written).
The gold text is the passage of the original that the tokens come from, and
`align` carries the token positions over to it. It assumes that the tokens,
spaces aside, spell the original character for character, except for quote
marks: `` and '' stand for “ and ”, and straight, curly and other forms of a
double (or single) mark are the same mark. That holds for every LitBank
text. Should a text depart from it, the passage's first ANCHOR characters
must still match; the rest is matched in runs (difflib), and a quotation none
of whose characters can be placed is an error, never a silent mis-alignment.

- a `QUOTE` row (id, start sentence, start token, end sentence, end token,
  text) covers the tokens from start to end inclusive, quote marks included;
  the leading and trailing tokens made only of quote marks or dashes are
  dropped so the span, like fabula's, excludes them;
- an `ATTRIB` row (quote id, chain id) gives the speaker as a coreference
  chain. In `coref/brat` every mention is listed twice at the same offsets
  (offsets into the tokenized text): once labelled with its chain id, once
  with its kind (`PROP_PER`, `NOM_PER`, `PRON_PER`, ...). A mention in no
  chain that an apposition or copula (`R` rows: "my good friend, Master John
  Rolfe") ties to a chained one joins that chain. A chain's names are its
  proper-name (`PROP_`) mentions, its main name the most frequent of them; a
  chain with no proper name is named by its longest mention;
- the narrator is the chain that says "I" (me, my...) outside the
  quotations, at least NARRATOR_MIN times and in at least NARRATOR_SHARE of
  such mentions; many excerpts never name their narrator, so `scoring` maps
  fabula's `Narrator` to this chain when no name maps it elsewhere.

Gold characters are the chains of people (some mention `_PER`) and any chain
that speaks. Texts whose quotation file has no quotations are left out.
LitBank has no quoteType, so the split by type is empty.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from itertools import islice
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .scoring import GoldCharacter, GoldQuote, GoldText

ORIGINAL = Path("original")
QUOTATIONS = Path("quotations") / "tsv"
COREF = Path("coref") / "brat"
SUFFIX = "_brat"
MARK_CHARS = set("\"'`“”‘’«»‹›„‚—–-")
MENTION_KIND = re.compile(r"(PROP|NOM|PRON)_[A-Z]+")
# A unit of the alignment: a non-space character, or a `` or '' standing for one mark.
UNIT = re.compile(r"``|''|\S")
QUOTE_MARKS = {**dict.fromkeys(["``", "''", "“", "”", "„", "‟", "«", "»"], '"'),
               **dict.fromkeys(["‘", "’", "‚", "‛", "`"], "'")}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
# The gold narrator says "I" at least this often outside quotations, and does
# so in at least this share of the first-person mentions there.
NARRATOR_MIN, NARRATOR_SHARE = 10, 2 / 3
ANCHOR = 100  # characters (less spaces) of the passage's opening that must be verbatim


def _has_quotes(path: Path) -> bool:
    with open(path, encoding="utf-8") as f:
        return any(line.startswith("QUOTE\t") for line in f)


def litbank_texts(directory: str | Path) -> list[str]:
    """Names (file stem without `_brat`) of the texts with quotations, sorted."""
    root = Path(directory)
    if not all((root / d).is_dir() for d in (ORIGINAL, QUOTATIONS, COREF)):
        raise InputError(str(directory),
                         f"not a LitBank directory (needs {ORIGINAL}, {QUOTATIONS} and {COREF})")
    names = sorted(p.stem.removesuffix(SUFFIX) for p in (root / QUOTATIONS).glob("*.ann")
                   if _has_quotes(p) and (root / COREF / p.name).is_file()
                   and (root / ORIGINAL / f"{p.stem.removesuffix(SUFFIX)}.txt").is_file())
    if not names:
        raise InputError(str(directory), "no LitBank texts with quotations")
    return names


def litbank_folds(directory: str | Path) -> dict[str, list[str]]:
    """LitBank's texts split by text for training (fold A: even positions in
    name order) and measuring (fold B: odd), as PDNC's are."""
    names = sorted(p.stem for p in (Path(directory) / ORIGINAL).glob("*.txt"))
    return {"A": names[0::2], "B": names[1::2]}


def also_in_pdnc(names: Iterable[str], pdnc_directory: str | Path) -> set[str]:
    """The LitBank texts whose novel PDNC holds too (training leaves them out
    of LitBank, so that a novel is never on both sides of a split)."""
    def squash(name: str) -> str:
        return re.sub(r"[^a-z]", "", name.lower())
    titles = {squash(p.name) for p in Path(pdnc_directory).iterdir() if p.is_dir()}
    return {n for n in names if any((t := squash(n.split("_", 1)[1].removesuffix("_brat"))).startswith(title)
                                    or title.startswith(t) for title in titles)}


def select_texts(directory: str | Path, names: Iterable[str] = ()) -> dict[str, Path]:
    """Name -> quotation file of the texts to evaluate: all, or just `names`."""
    known = litbank_texts(directory)
    chosen = list(dict.fromkeys(names)) or known
    for name in chosen:
        if name not in known:
            raise InputError(str(directory), f"no LitBank text named {name!r} with quotations")
    return {name: Path(directory) / QUOTATIONS / f"{name}{SUFFIX}.ann" for name in chosen}


def _units(matches: Iterable[re.Match]) -> tuple[str, list[tuple[int, int]]]:
    """The characters of UNIT matches with quote marks normalised ("``", "''"
    and every double mark become '"', every single mark "'"), and the
    [start, end) offset of each."""
    chars, spans = [], []
    for m in matches:
        chars.append(QUOTE_MARKS.get(m.group(), m.group()))
        spans.append(m.span())
    return "".join(chars), spans


def _opening(units: str) -> re.Pattern:
    """Finds `units` in a text with any spacing and any form of the quote marks."""
    forms = {'"': "(?:``|''|[\"“”„‟«»])", "'": "['‘’‚‛`]"}
    return re.compile(r"\s*".join(forms.get(c) or re.escape(c) for c in units))


def align(tokenized: str, original: str) -> tuple[list[list[tuple[int, int] | None]], int, int]:
    """Per sentence (line) of `tokenized`, each token's [start, end) in
    `original` (None when none of its characters could be placed), and the
    extent in `original` of the passage the tokens come from."""
    mine, _ = _units(UNIT.finditer(tokenized))
    found = _opening(mine[:ANCHOR]).search(original)
    if not found:
        raise ValueError("the opening of the tokenized text is not in the original")
    # Enough of the original from there to hold the passage, with room to spare.
    theirs, where = _units(islice(UNIT.finditer(original, found.start()), len(mine) * 11 // 10 + ANCHOR))
    if theirs.startswith(mine):
        placed: list[int | None] = list(range(len(mine)))
    else:
        placed = [None] * len(mine)
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            placed[a:a + size] = range(b, b + size)
    sentences, unit = [], 0
    for line in tokenized.split("\n"):
        tokens = []
        for token in line.split(" "):
            inside = placed[unit:unit + len(UNIT.findall(token))]
            unit += len(inside)
            hits = [i for i in inside if i is not None]
            tokens.append((where[hits[0]][0], where[hits[-1]][1]) if hits else None)
        sentences.append(tokens)
    hits = [i for i in placed if i is not None]
    return sentences, where[hits[0]][0], where[hits[-1]][1]


def _quote_span(tokenized: list[list[str]], offsets: list[list[tuple[int, int] | None]],
                first: tuple[int, int], last: tuple[int, int]) -> tuple[int, int] | None:
    """The extent in the original of the tokens from `first` to `last` inclusive,
    less the leading and trailing tokens made only of quote marks or dashes."""
    inside = [(tokenized[s][t], offsets[s][t]) for s in range(first[0], last[0] + 1)
              for t in range(len(tokenized[s])) if first <= (s, t) <= last]
    placed = [(token, span) for token, span in inside if span]
    words = [span for token, span in placed if not set(token) <= MARK_CHARS]
    # A quotation of nothing but marks keeps its whole extent rather than vanish.
    kept = words or [span for _, span in placed]
    return (kept[0][0], kept[-1][1]) if kept else None


def _chains(path: Path, quoted: list[tuple[int, int]]) -> tuple[
        dict[str, list[str]], dict[str, list[str]], set[str], Counter]:
    """Chain id -> all mention texts, chain id -> proper-name texts, ids of
    chains of people, and per chain its "I", "me", "my" ... in the narration
    (outside the `quoted` spans of the tokenized text)."""
    kinds: dict[tuple[str, str], str] = {}
    texts: dict[tuple[str, str], str] = {}
    places: dict[str, tuple[str, str]] = {}
    labelled: list[tuple[str, tuple[str, str], str]] = []
    relations: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("R"):  # R1  appos Arg1:T31 Arg2:T32
                _, first, second = fields[1].split(" ")
                relations.append((first.partition(":")[2], second.partition(":")[2]))
            if not line.startswith("T"):
                continue
            tid, where, mention = fields[:3]
            label, *offsets = where.split(" ")
            key = places[tid] = (offsets[0], offsets[-1])
            texts[key] = mention
            if MENTION_KIND.fullmatch(label):
                kinds[key] = label
            else:
                labelled.append((label, key, mention))
    # An apposition or a copula ("my good friend, Master John Rolfe") links a
    # mention that is in no chain to one that is: it joins that chain.
    chained = {key: chain for chain, key, _ in labelled}
    pairs = [(places[a], places[b]) for a, b in relations if a in places and b in places]
    while joined := {there: chained[here] for pair in pairs for here, there in (pair, pair[::-1])
                     if here in chained and there not in chained}:
        chained.update(joined)
        labelled += [(chain, key, texts[key]) for key, chain in joined.items()]
    mentions: dict[str, list[str]] = defaultdict(list)
    proper: dict[str, list[str]] = defaultdict(list)
    people: set[str] = set()
    narrating: Counter = Counter()
    for chain, key, mention in labelled:
        kind = kinds.get(key, "")
        mentions[chain].append(mention)
        if kind.startswith("PROP_"):
            proper[chain].append(mention)
        if kind.endswith("_PER"):
            people.add(chain)
        if mention.casefold() in FIRST_PERSON and not any(a <= int(key[0]) < b for a, b in quoted):
            narrating[chain] += 1
    return mentions, proper, people, narrating


def _narrator(narrating: Counter) -> str | None:
    """The chain that says "I" in the narration, if one clearly does."""
    top = narrating.most_common(1)
    if top and top[0][1] >= NARRATOR_MIN and top[0][1] >= NARRATOR_SHARE * sum(narrating.values()):
        return top[0][0]
    return None


def load_text(quotation_file: str | Path) -> GoldText:
    """The gold for one text; its `text` is the passage of the original the
    annotation covers, and every span indexes that passage."""
    quotation_file = Path(quotation_file)
    root = quotation_file.parent.parent.parent
    name = quotation_file.stem.removesuffix(SUFFIX)
    tokenized = _read(quotation_file.with_suffix(".txt"))
    original = _read(root / ORIGINAL / f"{name}.txt")
    try:
        offsets, start, end = align(tokenized, original)
    except ValueError as exc:
        raise InputError(str(quotation_file), str(exc)) from None
    tokens = [line.split(" ") for line in tokenized.split("\n")]
    local = _token_offsets(tokens)
    spans: dict[str, tuple[int, int]] = {}
    quoted: list[tuple[int, int]] = []  # the same, in the tokenized text
    speakers: dict[str, str] = {}
    with open(quotation_file, encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            if row[0] == "QUOTE":
                s1, t1, s2, t2 = map(int, row[2:6])
                span = _quote_span(tokens, offsets, (s1, t1), (s2, t2))
                if span is None:
                    raise InputError(str(quotation_file), f"quotation {row[1]} not found in the original")
                spans[row[1]] = (span[0] - start, span[1] - start)
                quoted.append((local[s1][t1][0], local[s2][t2][1]))
            elif row[0] == "ATTRIB":
                speakers[row[1]] = row[2]
    mentions, proper, people, narrating = _chains(root / COREF / quotation_file.name, quoted)
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
    return GoldText(name=name, text=original[start:end], characters=tuple(characters), quotes=quotes,
                    narrator=_narrator(narrating))


def _token_offsets(tokens: list[list[str]]) -> list[list[tuple[int, int]]]:
    """Per sentence, the [start, end) of each token in the tokenized text itself
    (the offsets `coref/brat` uses)."""
    sentences, at = [], 0
    for line in tokens:
        spans = []
        for token in line:
            spans.append((at, at + len(token)))
            at += len(token) + 1
        sentences.append(spans)
    return sentences


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()
