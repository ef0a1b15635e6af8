"""Corrections applied to a cast and its quotations.

`Editor` holds a document's characters, mentions and quotes while the
sections of a corrections file apply, in the order new_characters, split,
not_characters, merge, rename, gender, speakers (split before
not_characters, so that a name split off can then be struck out). It serves
twice:

- before the speaker stage (`evidence.py`), on the cast the cast stage
  found, where an entry applies only when every name it needs is there
  (`strict`); the rest wait for the finished document, since a first-person
  `Narrator` and the epithets and nicknames that become aliases exist only
  after the speakers;
- on a finished document (`apply_corrections`), where an entry whose names
  are missing is skipped with a warning, never an error.

Speaker entries find their quotation by its opening words, the id only as a
hint (`match_speaker_fixes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Sequence

from ..model import Character, Document, Quote
from ..stages.speakers.features import NARRATOR
from .file import Corrections, SpeakerFix, norm, opening_key

_TRAILING_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_FIRST_WORD = re.compile(r"\w+")
_UNATTRIBUTED = {"speaker": None, "confidence": None, "evidence": None}
# The cast sections, each entry of which is known by (section, index).
CAST_SECTIONS = ("new_characters", "split", "not_characters", "merge", "rename", "gender")


def apply_corrections(doc: Document, corrections: Corrections) -> Document:
    """A new Document with the corrections applied to it as it is, without
    inferring anything again; `doc` is left as it is."""
    editor = Editor(doc)
    editor.apply_cast(corrections)
    targets, warnings = match_speaker_fixes(doc, corrections.speakers)
    for n, fix in enumerate(corrections.speakers):
        if targets.get(n):
            for i in targets[n]:
                editor.set_speaker(i, fix)
            editor.applied += 1
    editor.warnings += warnings
    return editor.document(corrections.source)


class Editor:
    """The mutable cast, quotes and mentions while corrections apply."""

    def __init__(self, doc: Document, strict: bool = False):
        self.doc = doc
        self.strict = strict
        self.chars: dict[str, Character] = {c.id: c for c in doc.characters}
        self.quotes = list(doc.quotes)
        self.mentions = list(doc.mentions)
        self.used_ids = set(self.chars)
        self.applied = 0
        self.warnings: list[str] = []
        self.done: set[tuple[str, int]] = set()  # cast entries that took effect
        self.created: set[str] = set()  # ids of characters made for a speaker nobody had
        self.moved: dict[str, str] = {}  # id of a character merged away -> the id it went to
        self._index: dict[str, str] | None = None

    def apply_cast(self, corrections: Corrections, skip: set[tuple[str, int]] = frozenset()) -> None:
        """The cast sections in order, but the entries in `skip`."""
        steps = {"new_characters": self.add, "not_characters": self.remove, "split": self.split,
                 "merge": self.merge, "rename": lambda pair: self.rename(*pair),
                 "gender": lambda pair: self.set_gender(*pair)}
        for section in CAST_SECTIONS:
            for n, entry in enumerate(getattr(corrections, section)):
                if (section, n) not in skip and steps[section](entry):
                    self.done.add((section, n))
                    self.applied += 1

    def find(self, name: str) -> str | None:
        """The character a name means: a canonical name wins over an alias."""
        if self._index is None:
            self._index = {}
            for c in self.chars.values():
                self._index.setdefault(norm(c.name), c.id)
            for c in self.chars.values():
                for alias in c.aliases:
                    self._index.setdefault(norm(alias), c.id)
        return self._index.get(norm(name))

    def found(self, section: str, name: str) -> str | None:
        cid = self.find(name)
        if cid is None and not self.strict:
            self.warnings.append(f"{section}: no character named '{name}'")
        return cid

    def update(self, cid: str, **changes) -> None:
        self.chars[cid] = replace(self.chars[cid], **changes)
        self._index = None

    def new_id(self) -> str:
        n = len(self.used_ids) + 1
        while f"c{n}" in self.used_ids:
            n += 1
        self.used_ids.add(f"c{n}")
        return f"c{n}"

    def add(self, name: str) -> bool:
        if self.find(name) is None:
            cid = self.new_id()
            self.chars[cid] = Character(id=cid, name=name)
            self._index = None
        return True

    def remove(self, name: str) -> bool:
        cid = self.found("not_characters", name)
        if cid is None:
            return False
        del self.chars[cid]
        self._index = None
        self.mentions = [m for m in self.mentions if m.character != cid]
        self.quotes = [replace(q, addressees=tuple(a for a in q.addressees if a != cid),
                               **(_UNATTRIBUTED if q.speaker == cid else {})) for q in self.quotes]
        return True

    def split(self, name: str) -> bool:
        """The name form becomes a character of its own, taking the mentions
        that are that form; the character it leaves keeps its other names.
        The character that has it as another name is the one it leaves."""
        cid = next((c.id for c in self.chars.values() if norm(name) in map(norm, c.aliases)), None)
        cid = cid or self.found("split", name)
        if cid is None:
            return False
        old = self.chars[cid]
        names = [n for n in (old.name, *old.aliases) if norm(n) != norm(name)]
        if not names:
            if not self.strict:
                self.warnings.append(f"split: '{name}' is the only name of its character")
            return False
        self.update(cid, name=names[0], aliases=tuple(names[1:]))
        new = self.new_id()
        written = next(n for n in (old.name, *old.aliases) if norm(n) == norm(name))
        self.chars[new] = Character(id=new, name=written)
        text = self.doc.text
        self.mentions = [replace(m, character=new) if m.character == cid and norm(text[m.start:m.end]) == norm(name)
                         else m for m in self.mentions]
        return True

    def merge(self, group: tuple[str, ...]) -> bool:
        found = [self.find(n) for n in group]
        # A new canonical name (the first, found nowhere) is no mistake.
        missing = [name for n, (name, cid) in enumerate(zip(group, found)) if cid is None and (n or not any(found))]
        if missing and self.strict:
            return False
        self.warnings += [f"merge: no character named '{name}'" for name in missing]
        ids = list(dict.fromkeys(cid for cid in found if cid))
        if not ids:
            return False
        # The first character found keeps its id, so links to it stay good.
        merged = [self.chars[cid] for cid in ids]
        names = [n for c in merged for n in (c.name, *c.aliases)]
        gender = next((c.gender for c in merged if c.gender != "unknown"), "unknown")
        self.update(ids[0], name=group[0], aliases=aliases_of(group[0], names), gender=gender)
        for cid in ids[1:]:
            del self.chars[cid]
        self.repoint({cid: ids[0] for cid in ids[1:]})
        return True

    def repoint(self, target: dict[str, str]) -> None:
        self.moved.update(target)
        self.mentions = [replace(m, character=target.get(m.character, m.character)) for m in self.mentions]
        self.quotes = [
            replace(q, speaker=target.get(q.speaker, q.speaker),
                    addressees=tuple(dict.fromkeys(target.get(a, a) for a in q.addressees)))
            for q in self.quotes
        ]

    def rename(self, old: str, new: str) -> bool:
        if (cid := self.found("rename", old)) is None:
            return False
        c = self.chars[cid]
        self.update(cid, name=new, aliases=aliases_of(new, [c.name, *c.aliases]))
        return True

    def set_gender(self, name: str, gender: str) -> bool:
        if (cid := self.found("gender", name)) is None:
            return False
        self.update(cid, gender=gender)
        return True

    def speaker_id(self, name: str) -> str:
        """The character a speaker entry names, made when nobody has the name
        ("Narrator", before the speaker stage, is the first-person narrator)."""
        if (cid := self.find(name)) is not None:
            return cid
        if self.strict and norm(name) == norm("Narrator"):
            return NARRATOR
        cid = self.new_id()
        self.chars[cid] = Character(id=cid, name=name)
        self.created.add(cid)
        self._index = None
        return cid

    def set_speaker(self, i: int, fix: SpeakerFix) -> None:
        changes: dict = {}
        if not fix.keep_speaker:
            # A person said so: certain, while `evidence` still tells how the text marks it.
            changes = (dict(_UNATTRIBUTED) if fix.speaker is None
                       else dict(speaker=self.speaker_id(fix.speaker), confidence=1.0))
        if fix.addressees is not None:
            changes["addressees"] = tuple(dict.fromkeys(self.speaker_id(n) for n in fix.addressees))
        self.quotes[i] = replace(self.quotes[i], **changes)

    def absorb(self, ids: set[str]) -> None:
        """Characters made for a speaker entry before the speaker stage whose
        name a later stage gave someone (a narrator who says "my name is
        Jake", a name split off after the speakers) become that someone."""
        for cid in sorted(ids & set(self.chars)):
            name = norm(self.chars[cid].name)
            other = next((c.id for c in self.chars.values() if c.id != cid and norm(c.name) == name), None)
            if other is not None:
                del self.chars[cid]
                self._index = None
                self.repoint({cid: other})

    def document(self, corrections_file: str) -> Document:
        lines = Counter(q.speaker for q in self.quotes if q.speaker)
        mentions = Counter(m.character for m in self.mentions)
        characters = tuple(replace(c, lines=lines[c.id], mentions=mentions[c.id]) for c in self.chars.values())
        record = {"file": corrections_file, "applied": self.applied, "warnings": list(self.warnings)}
        return replace(self.doc, characters=characters, quotes=tuple(self.quotes),
                       mentions=tuple(self.mentions), source={**self.doc.source, "corrections": record})


def match_speaker_fixes(doc: Document, fixes: Sequence[SpeakerFix]) -> tuple[dict[int, list[int]], list[str]]:
    """Entry index -> the indices of the quotations it means, and a warning
    for each entry that means none (untouched starter entries claim their
    quotation but are never warned about)."""
    quotes: Sequence[Quote] = doc.quotes
    keys = [opening_key(doc.span_text(q)) for q in quotes]
    by_first_word: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_first_word.setdefault(_first_word(key), []).append(i)
    at_id = {q.id: i for i, q in enumerate(quotes)}

    def starting_with(words: str) -> list[int]:
        # The starter marks cut quotations with "…"; a quotation that is only "..." keeps it.
        pattern = opening_key(_TRAILING_ELLIPSIS.sub("", words)) or opening_key(words)
        word = _first_word(pattern)
        candidates = by_first_word.get(word, ()) if word else range(len(keys))
        return [i for i in candidates if _starts(keys[i], pattern)]

    # Three passes, so that an entry whose id still fits is not robbed of
    # its quotation by an earlier entry that had to search by words, and
    # `all: true` never overrides an entry that names one quotation.
    targets: dict[int, list[int]] = {}
    claimed: set[int] = set()
    for n, fix in enumerate(fixes):
        i = at_id.get(fix.id)
        if i is not None and (fix.quote is None or i in starting_with(fix.quote)):
            targets[n] = [i]
            claimed.add(i)
    previous = -1
    for n, fix in enumerate(fixes):
        if n in targets:
            previous = targets[n][0]
        elif fix.quote is not None and not fix.all:
            # Look after the previous entry's quotation first, then from the top:
            # entries kept in text order (as `init` writes them) then find
            # repeated words ("Later,") in order even when one was inserted above.
            free = sorted((i for i in starting_with(fix.quote) if i not in claimed), key=lambda i: i <= previous)
            targets[n] = free[:1]
            claimed.update(free[:1])
            previous = free[0] if free else previous
    for n, fix in enumerate(fixes):
        if fix.all:
            targets[n] = [i for i in starting_with(fix.quote) if i not in claimed]
    warnings = []
    for n, fix in enumerate(fixes):
        if fix.keep_speaker and fix.addressees is None:
            targets.pop(n, None)  # an untouched starter entry: nothing to apply, nothing to warn about
        elif not targets.get(n):
            what = f"starts with '{fix.quote}'" if fix.quote is not None else fix.id
            warnings.append(f"speakers (line {fix.line}): no quotation {what}")
    return targets, warnings


def aliases_of(canonical: str, names: list[str]) -> tuple[str, ...]:
    """`names` once each, in order, without the canonical name."""
    aliases = {}
    for n in names:
        aliases.setdefault(norm(n), n)
    aliases.pop(norm(canonical), None)
    return tuple(aliases.values())


def _first_word(key: str) -> str:
    match = _FIRST_WORD.search(key)
    return match.group() if match else ""


def _starts(key: str, pattern: str) -> bool:
    """`key` opens with `pattern`, which does not end in the middle of a word."""
    if not key.startswith(pattern):
        return False
    next_char = key[len(pattern) : len(pattern) + 1]
    return not (_FIRST_WORD.match(next_char) and _FIRST_WORD.match(pattern[-1]))
