"""Edits to a set of corrections, as a review tool makes them: each returns
new `Corrections` that say what the person did, keeping the file small (an
entry that a new one makes pointless goes) and in text order.

Names must be those a character has where its section applies: sections
apply in order (`apply.py`), so a merge names characters as they are before
any rename. `names_before` gives them.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document
from ..writers.casting import Voice
from .apply import CAST_SECTIONS, Editor, match_speaker_fixes
from .file import Corrections, SpeakerFix, norm, opening_key
from .write import opening_words


def names_before(structure: Document, corrections: Corrections, section: str) -> dict[str, str]:
    """Character id -> canonical name, as the cast stands when `section`
    (a cast section, or "speakers") begins to apply to `structure`, the
    document before the speaker stage."""
    return {cid: c.name for cid, c in _cast_before(structure, corrections, section).chars.items()}


def _cast_before(structure: Document, corrections: Corrections, section: str) -> Editor:
    editor = Editor(structure, strict=True)
    earlier = CAST_SECTIONS[: CAST_SECTIONS.index(section)] if section in CAST_SECTIONS else CAST_SECTIONS
    editor.apply_cast(replace(corrections, **{s: () for s in CAST_SECTIONS if s not in earlier}))
    return editor


def members_before(structure: Document, corrections: Corrections, section: str,
                   names: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical names, where `section` begins to apply, of the
    characters that `names` (one character's names now) find there: each
    character that merges later joined, once."""
    editor = _cast_before(structure, corrections, section)
    ids = dict.fromkeys(cid for n in names if (cid := editor.find(n)) is not None)
    return tuple(editor.chars[cid].name for cid in ids)


def set_speaker(corrections: Corrections, structure: Document, index: int, speaker: str | None) -> Corrections:
    """The quotation at `index` is said by `speaker` (None: by nobody). An
    earlier entry for that one quotation goes; the new one stands in text
    order among the others, found by its opening words and its id."""
    q = structure.quotes[index]
    words = opening_words(structure.span_text(q))
    fix = SpeakerFix(speaker, words if opening_key(words) else None, q.id)
    targets, _ = match_speaker_fixes(structure, corrections.speakers)
    kept, position = [], 0
    for n, old in enumerate(corrections.speakers):
        here = targets.get(n, [])
        if here == [index] and not old.all:
            continue
        kept.append(old)
        if here and here[0] < index:
            position = len(kept)
    return replace(corrections, speakers=(*kept[:position], fix, *kept[position:]))


def add_character(corrections: Corrections, name: str) -> Corrections:
    if any(norm(n) == norm(name) for n in corrections.new_characters):
        return corrections
    return replace(corrections, new_characters=(*corrections.new_characters, name))


def rename(corrections: Corrections, old: str, new: str) -> Corrections:
    """`old` (the name as it is after merges) becomes `new`; a rename of a
    rename changes the first one, and renaming back removes it."""
    pairs = list(corrections.rename)
    for n, (key, value) in enumerate(pairs):
        if norm(value) == norm(old):
            if norm(key) == norm(new):
                del pairs[n]
            else:
                pairs[n] = (key, new)
            return replace(corrections, rename=tuple(pairs))
    # A name is a key once, or the file would not load.
    pairs = [p for p in pairs if norm(p[0]) != norm(old)]
    return replace(corrections, rename=(*pairs, (old, new)))


def merge(corrections: Corrections, keep: str, other: str) -> Corrections:
    """`other` is the same person as `keep`, whose name stays canonical
    (both named as they are before any merge of this edit)."""
    return replace(corrections, merge=(*corrections.merge, (keep, other)))


def split(corrections: Corrections, name: str) -> Corrections:
    """The name form stands for a character of its own. A name that a
    merge joined to someone leaves that merge instead."""
    groups = list(corrections.merge)
    for n, group in enumerate(groups):
        rest = tuple(g for g in group[1:] if norm(g) != norm(name))
        if len(rest) < len(group) - 1:
            groups[n:n + 1] = [(group[0], *rest)] if rest else []
            return replace(corrections, merge=tuple(groups))
    if any(norm(s) == norm(name) for s in corrections.split):
        return corrections
    return replace(corrections, split=(*corrections.split, name))


def not_character(corrections: Corrections, names: tuple[str, ...], all_names: tuple[str, ...]) -> Corrections:
    """The characters `names` name where not_characters applies (several
    when merges made them one) are not characters. One that a correction
    added is simply not added. Entries that would name them again go: their
    merges, gender, voice and rename, and the lines given to them, which go
    back to the model."""
    gone = {norm(n) for n in (*names, *all_names)}
    added = {norm(n) for n in corrections.new_characters}
    struck = list(corrections.not_characters)
    struck += [n for n in names if norm(n) not in added and norm(n) not in map(norm, struck)]
    return replace(
        corrections,
        new_characters=tuple(n for n in corrections.new_characters if norm(n) not in gone),
        not_characters=tuple(struck),
        merge=tuple(g for g in corrections.merge if not gone & set(map(norm, g))),
        rename=tuple(p for p in corrections.rename if norm(p[0]) not in gone and norm(p[1]) not in gone),
        gender=tuple(p for p in corrections.gender if norm(p[0]) not in gone),
        voices=tuple(p for p in corrections.voices if norm(p[0]) not in gone),
        speakers=tuple(f for f in corrections.speakers if f.speaker is None or norm(f.speaker) not in gone),
    )


def set_gender(corrections: Corrections, name: str, gender: str) -> Corrections:
    rest = tuple(p for p in corrections.gender if norm(p[0]) != norm(name))
    return replace(corrections, gender=(*rest, (name, gender)))


def set_voice(corrections: Corrections, name: str, voice: Voice) -> Corrections:
    """`name` is a character's name (or narrator, unattributed)."""
    rest = tuple(p for p in corrections.voices if norm(p[0]) != norm(name))
    return replace(corrections, voices=(*rest, (name, Voice(voice.voice, voice.pitch, voice.rate))))
