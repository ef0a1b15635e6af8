"""Corrections as evidence: a fixed cast and fixed lines change what the
speaker model infers for the rest.

`correct_analysis` takes the document as the stages before the speakers
left it (`pipeline.find_structure_and_cast`) and:

1. applies the cast sections to that cast, so the speaker stage reads the
   corrected cast: its mentions, genders and names (entries whose names
   appear only later wait, see `apply.py`);
2. finds the quotation of each `speakers` entry and holds it to its speaker
   (`fixed`), so the speaker stage infers every other line around it: the
   next turn of an exchange follows a corrected line;
3. runs the speaker stage and the stages after it, then applies what had to
   wait: cast entries naming a first-person `Narrator` or an alias found
   only after the speakers, `speaker: null` (nobody) and `addressees`.

`fabula analyze --corrections` and the studio both come here, so they give
the same document.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from ..cast_list import load_cast_list
from ..model import Document
from ..pipeline import find_speakers, find_structure_and_cast
from ..readers import DEFAULT_MAX_BYTES, read_path
from ..stages.speakers.crf import Weights
from ..stages.speakers.features import NARRATOR
from .apply import Editor, match_speaker_fixes
from .file import Corrections, load_corrections

Ranked = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class CorrectedAnalysis:
    """The corrected document; per quotation, the speakers the model found
    likely (ids of the document, most probable first); and the quotations
    whose speaker a correction gave (index into `document.quotes`)."""

    document: Document
    ranked: tuple[Ranked, ...]
    held: frozenset[int]


def correct_analysis(structure: Document, corrections: Corrections,
                     speaker_weights: Weights | None = None) -> CorrectedAnalysis:
    """The speaker stage and after, over `structure` with the corrections
    as evidence; `structure` is left as it is."""
    before = Editor(structure, strict=True)
    before.apply_cast(corrections)
    targets, speaker_warnings = match_speaker_fixes(structure, corrections.speakers)
    fixed: dict[int, str] = {}
    nobody: set[int] = set()
    addressed: list[tuple[int, tuple[str, ...]]] = []
    for n, fix in enumerate(corrections.speakers):
        for i in targets.get(n, ()):
            # An untouched starter entry (keep_speaker) sets only its addressees.
            if not fix.keep_speaker and fix.speaker is None:
                nobody.add(i)
                fixed.pop(i, None)
            elif not fix.keep_speaker:
                fixed[i] = before.speaker_id(fix.speaker)
                nobody.discard(i)
            if fix.addressees is not None:
                addressed.append((i, fix.addressees))
    cast = replace(structure, characters=tuple(before.chars.values()), mentions=tuple(before.mentions))
    doc, ranking = find_speakers(cast, speaker_weights, fixed)

    after = Editor(doc)
    after.used_ids |= before.used_ids
    after.apply_cast(corrections, skip=before.done)
    for i in nobody:
        after.quotes[i] = replace(after.quotes[i], speaker=None, confidence=None, evidence=None)
    for i, names in addressed:
        after.quotes[i] = replace(after.quotes[i], addressees=tuple(dict.fromkeys(map(after.speaker_id, names))))
    after.absorb(before.created)
    after.applied += before.applied + sum(1 for n in range(len(corrections.speakers)) if targets.get(n))
    after.warnings += speaker_warnings
    document = after.document(corrections.source)
    ranked = _follow(ranking.ranked, document, after.moved)
    return CorrectedAnalysis(document, ranked, frozenset(fixed) | frozenset(nobody))


def analyze_file_with_corrections(path: str | os.PathLike, corrections: Corrections | None,
                                  max_bytes: int = DEFAULT_MAX_BYTES, cast: Sequence[str] = ()) -> Document:
    """Read and analyse a file (as `analyze_file`) with the corrections as evidence."""
    structure = find_structure_and_cast(read_path(path, max_bytes=max_bytes), cast)
    if corrections is None:
        return find_speakers(structure)[0]
    return correct_analysis(structure, corrections).document


def analyze_with_corrections(path: str | os.PathLike, corrections_path: str | os.PathLike | None,
                             max_bytes: int = DEFAULT_MAX_BYTES,
                             cast_path: str | os.PathLike | None = None) -> Document:
    """Analyse a file, with a cast list (`--cast`) and a corrections file
    if they are given."""
    # Load first: a typo in the corrections should not cost a whole analysis.
    corrections = load_corrections(corrections_path) if corrections_path is not None else None
    cast = load_cast_list(cast_path) if cast_path is not None else ()
    return analyze_file_with_corrections(path, corrections, max_bytes, cast)


def _follow(ranked: Sequence[Ranked], doc: Document, moved: dict[str, str]) -> tuple[Ranked, ...]:
    """The speaker stage's candidates in the ids of the finished document:
    through merges, to the character a first-person narrator became, and
    without characters that are gone."""
    ids = {c.id for c in doc.characters}
    narrator = next((c.id for c in doc.characters if c.id == NARRATOR or "Narrator" in c.aliases), None)

    def final(cid: str) -> str | None:
        seen = set()
        while cid in moved and cid not in seen:
            seen.add(cid)
            cid = moved[cid]
        if cid == NARRATOR:
            return narrator
        return cid if cid in ids else None

    out = []
    for choices in ranked:
        total: dict[str, float] = defaultdict(float)
        for cid, p in choices:
            if (target := final(cid)) is not None:
                total[target] += p
        out.append(tuple(sorted(total.items(), key=lambda item: -item[1])))
    return tuple(out)
