"""Hand corrections to the cast and the speakers, kept in a small YAML file.

No automatic attribution is perfect, so a person fixes the cast before an
audiobook is recorded. The file names characters and quotations by what a
person sees (names, the opening words of a quotation), never only by offsets
or ids, because the corrections must survive re-analysis of an edited text:
whatever no longer matches is skipped with a warning, not an error.

Assumes a `Document` whose quotes and mentions point at ids in
`doc.characters`. Sections apply in the order not_characters, merge, rename,
gender, speakers; `apply_corrections` returns a new Document whose
`source["corrections"]` records the file, how many entries took effect and
the warnings. Malformed files raise `InputError` naming the file and line.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .cast_list import load_cast_list
from .errors import InputError
from .model import SCHEMA, Character, Document
from .pipeline import analyze_file
from .readers import DEFAULT_MAX_BYTES

GENDERS = ("female", "male", "nonbinary", "unknown")
SECTIONS = ("merge", "rename", "not_characters", "gender", "speakers", "characters")
SPEAKER_KEYS = ("quote", "id", "speaker", "found", "addressees", "all")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_QUOTE_MARKS = re.compile(r"[\"'“”‘’«»„‚‹›「」『』]")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_FIRST_WORD = re.compile(r"\w+")
_QUOTE_ID = re.compile(r"q[0-9]+")
_STARTER_WORDS = 6
_UNATTRIBUTED = {"speaker": None, "confidence": None, "evidence": None}


@dataclass(frozen=True, slots=True)
class SpeakerFix:
    """One `speakers` entry; `speaker` None means "nobody": unattributed.

    `keep_speaker`: `found` equals `speaker`, a starter entry nobody edited. It
    must not pin an old guess over a better analysis, but it still claims its
    quotation, so that entries for repeated words ("Yes.") land in order.
    """

    speaker: str | None
    quote: str | None = None
    id: str | None = None
    addressees: tuple[str, ...] | None = None  # None leaves them as they are
    all: bool = False
    keep_speaker: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class Corrections:
    source: str = "<corrections>"
    merge: tuple[tuple[str, ...], ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    not_characters: tuple[str, ...] = ()
    gender: tuple[tuple[str, str], ...] = ()
    speakers: tuple[SpeakerFix, ...] = ()


def load_corrections(path: str | os.PathLike) -> Corrections:
    """Read and check a corrections file (YAML or JSON); an empty file corrects nothing."""
    name = str(path)
    try:
        text = _read(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    try:
        # compose, not safe_load: the nodes keep line numbers for the errors,
        # and names stay strings even when YAML would read `No` as false.
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise InputError(name, f"{where}not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise InputError(name, f"not valid YAML ({' '.join(str(exc).split())})") from None
    return _Parser(name).corrections(root)


class _Parser:
    def __init__(self, name: str):
        self.name = name

    def fail(self, node: yaml.Node, problem: str) -> None:
        raise InputError(self.name, f"line {node.start_mark.line + 1}: {problem}")

    def corrections(self, root: yaml.Node | None) -> Corrections:
        if _is_null(root):
            return Corrections(source=self.name)
        sections = dict(self.pairs(root, "the file", SECTIONS))
        # `characters` is the cast that `corrections init` lists for reference; never applied.
        return Corrections(
            source=self.name,
            merge=tuple(self.merge_group(n) for n in self.items(sections.get("merge"), "merge")),
            rename=tuple((self.name_of(k, "rename"), self.name_of(v, "rename"))
                         for k, v in self.pairs(sections.get("rename"), "rename")),
            not_characters=tuple(self.name_of(n, "not_characters")
                                 for n in self.items(sections.get("not_characters"), "not_characters")),
            gender=tuple((self.name_of(k, "gender"), self.gender(v, k.value))
                         for k, v in self.pairs(sections.get("gender"), "gender")),
            speakers=tuple(self.speaker_fix(n) for n in self.items(sections.get("speakers"), "speakers")),
        )

    def pairs(self, node, what: str, allowed: tuple[str, ...] | None = None):
        if _is_null(node):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value lines)")
        seen = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.fail(key, f"{what}: keys must be plain names")
            if allowed is not None and key.value not in allowed:
                self.fail(key, f"unknown key '{key.value}' (expected {', '.join(allowed)})")
            if _norm(key.value) in seen:
                self.fail(key, f"{what}: '{key.value}' appears twice")
            seen.add(_norm(key.value))
        return [(k if allowed is None else k.value, v) for k, v in node.value]

    def items(self, node, what: str) -> list[yaml.Node]:
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list (lines starting with '- ')")
        return node.value

    def name_of(self, node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not node.value.strip():
            self.fail(node, f"{what}: expected a name")
        return " ".join(node.value.split())

    def merge_group(self, node) -> tuple[str, ...]:
        names = tuple(self.name_of(n, "merge") for n in self.items(node, "merge entry"))
        if len(names) < 2:
            self.fail(node, "merge: each entry lists two or more names, e.g. [John, Mr. Cavendish]")
        return names

    def gender(self, node, who: str) -> str:
        value = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
        if value not in GENDERS:
            self.fail(node, f"gender of '{who}' must be {', '.join(GENDERS)}")
        return value

    def speaker_fix(self, node) -> SpeakerFix:
        fields = dict(self.pairs(node, "speakers entry", SPEAKER_KEYS))
        if "speaker" not in fields:
            self.fail(node, "speakers: each entry needs 'speaker' and 'quote' or 'id'")
        speaker, found = (None if _is_null(fields.get(k)) else self.name_of(fields[k], k)
                          for k in ("speaker", "found"))
        keep_speaker = "found" in fields and _norm(speaker or "") == _norm(found or "")
        quote = quote_id = addressees = None
        if "quote" in fields:
            quote = self.name_of(fields["quote"], "quote")
            if not _opening_key(quote):
                self.fail(fields["quote"], "quote: give the opening words of the quotation")
        if "id" in fields:
            quote_id = self.name_of(fields["id"], "id")
            if not _QUOTE_ID.fullmatch(quote_id):
                self.fail(fields["id"], f"id: '{quote_id}' is not a quotation id like q12")
        if quote is None and quote_id is None:
            self.fail(node, "speakers: each entry needs 'quote' or 'id'")
        if "addressees" in fields:
            addressees = tuple(self.name_of(n, "addressees")
                               for n in self.items(fields["addressees"], "addressees"))
        every = "all" in fields and self.flag(fields["all"])
        if every and (quote is None or quote_id is not None):
            self.fail(fields["all"], "all: true goes with 'quote' alone (every quotation it opens), not 'id'")
        return SpeakerFix(speaker, quote, quote_id, addressees, every, keep_speaker, node.start_mark.line + 1)

    def flag(self, node) -> bool:
        if not (isinstance(node, yaml.ScalarNode) and node.tag == _BOOL):
            self.fail(node, "all: expected true or false")
        return node.value.lower() in ("true", "yes", "on")


def apply_corrections(doc: Document, corrections: Corrections) -> Document:
    """A new Document with the corrections applied; `doc` is left as it is."""
    work = _Work(doc)
    for name in corrections.not_characters:
        work.remove(name)
    for group in corrections.merge:
        work.merge(group)
    for old, new in corrections.rename:
        work.rename(old, new)
    for name, gender in corrections.gender:
        work.set_gender(name, gender)
    work.fix_speakers(corrections.speakers)
    return work.document(corrections.source)


def analyze_with_corrections(path: str | os.PathLike, corrections_path: str | os.PathLike | None,
                             max_bytes: int = DEFAULT_MAX_BYTES,
                             cast_path: str | os.PathLike | None = None) -> Document:
    """Analyse a file, with a cast list (`--cast`) if one is given, then
    apply a corrections file if one is given."""
    # Load first: a typo in the corrections should not cost a whole analysis.
    corrections = load_corrections(corrections_path) if corrections_path is not None else None
    cast = load_cast_list(cast_path) if cast_path is not None else ()
    doc = analyze_file(path, max_bytes=max_bytes, cast=cast)
    return apply_corrections(doc, corrections) if corrections is not None else doc


class _Work:
    """The mutable cast, quotes and mentions while corrections apply."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.chars: dict[str, Character] = {c.id: c for c in doc.characters}
        self.quotes = list(doc.quotes)
        self.mentions = list(doc.mentions)
        self.used_ids = set(self.chars)
        self.applied = 0
        self.warnings: list[str] = []
        self._index: dict[str, str] | None = None

    def find(self, name: str) -> str | None:
        """The character a name means: a canonical name wins over an alias."""
        if self._index is None:
            self._index = {}
            for c in self.chars.values():
                self._index.setdefault(_norm(c.name), c.id)
            for c in self.chars.values():
                for alias in c.aliases:
                    self._index.setdefault(_norm(alias), c.id)
        return self._index.get(_norm(name))

    def found(self, section: str, name: str) -> str | None:
        cid = self.find(name)
        if cid is None:
            self.warnings.append(f"{section}: no character named '{name}'")
        return cid

    def update(self, cid: str, **changes) -> None:
        self.chars[cid] = replace(self.chars[cid], **changes)
        self._index = None

    def remove(self, name: str) -> None:
        cid = self.found("not_characters", name)
        if cid is None:
            return
        del self.chars[cid]
        self._index = None
        self.mentions = [m for m in self.mentions if m.character != cid]
        self.quotes = [replace(q, addressees=tuple(a for a in q.addressees if a != cid),
                               **(_UNATTRIBUTED if q.speaker == cid else {})) for q in self.quotes]
        self.applied += 1

    def merge(self, group: tuple[str, ...]) -> None:
        found = [self.find(n) for n in group]
        ids = list(dict.fromkeys(cid for cid in found if cid))
        for n, (name, cid) in enumerate(zip(group, found)):
            if cid is None and (n or not ids):  # a new canonical name is no mistake
                self.warnings.append(f"merge: no character named '{name}'")
        if not ids:
            return
        # The first character found keeps its id, so links to it stay good.
        merged = [self.chars[cid] for cid in ids]
        names = [n for c in merged for n in (c.name, *c.aliases)]
        gender = next((c.gender for c in merged if c.gender != "unknown"), "unknown")
        self.update(ids[0], name=group[0], aliases=_aliases(group[0], names), gender=gender)
        for cid in ids[1:]:
            del self.chars[cid]
        target = {cid: ids[0] for cid in ids[1:]}
        self.mentions = [replace(m, character=target.get(m.character, m.character)) for m in self.mentions]
        self.quotes = [
            replace(q, speaker=target.get(q.speaker, q.speaker),
                    addressees=tuple(dict.fromkeys(target.get(a, a) for a in q.addressees)))
            for q in self.quotes
        ]
        self.applied += 1

    def rename(self, old: str, new: str) -> None:
        if (cid := self.found("rename", old)) is not None:
            c = self.chars[cid]
            self.update(cid, name=new, aliases=_aliases(new, [c.name, *c.aliases]))
            self.applied += 1

    def set_gender(self, name: str, gender: str) -> None:
        if (cid := self.found("gender", name)) is not None:
            self.update(cid, gender=gender)
            self.applied += 1

    def find_or_create(self, name: str) -> str:
        if (cid := self.find(name)) is not None:
            return cid
        n = len(self.used_ids) + 1
        while f"c{n}" in self.used_ids:
            n += 1
        cid = f"c{n}"
        self.used_ids.add(cid)
        self.chars[cid] = Character(id=cid, name=name)
        self._index = None
        return cid

    def fix_speakers(self, fixes: tuple[SpeakerFix, ...]) -> None:
        keys = [_opening_key(self.doc.span_text(q)) for q in self.quotes]
        by_first_word: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            by_first_word.setdefault(_first_word(key), []).append(i)
        at_id = {q.id: i for i, q in enumerate(self.quotes)}

        def starting_with(words: str) -> list[int]:
            # The starter marks cut quotations with "…"; a quotation that is only "..." keeps it.
            pattern = _opening_key(_TRAILING_ELLIPSIS.sub("", words)) or _opening_key(words)
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
        for n, fix in enumerate(fixes):
            if fix.keep_speaker and fix.addressees is None:
                continue  # an untouched starter entry: nothing to apply, nothing to warn about
            if not targets.get(n):
                what = f"starts with '{fix.quote}'" if fix.quote is not None else fix.id
                self.warnings.append(f"speakers (line {fix.line}): no quotation {what}")
                continue
            for i in targets[n]:
                self.set_speaker(i, fix)
            self.applied += 1

    def set_speaker(self, i: int, fix: SpeakerFix) -> None:
        changes: dict = {}
        if not fix.keep_speaker:
            # A person said so: certain, while `evidence` still tells how the text marks it.
            changes = (dict(_UNATTRIBUTED) if fix.speaker is None
                       else dict(speaker=self.find_or_create(fix.speaker), confidence=1.0))
        if fix.addressees is not None:
            changes["addressees"] = tuple(dict.fromkeys(self.find_or_create(n) for n in fix.addressees))
        self.quotes[i] = replace(self.quotes[i], **changes)

    def document(self, corrections_file: str) -> Document:
        lines = Counter(q.speaker for q in self.quotes if q.speaker)
        mentions = Counter(m.character for m in self.mentions)
        characters = tuple(replace(c, lines=lines[c.id], mentions=mentions[c.id]) for c in self.chars.values())
        record = {"file": corrections_file, "applied": self.applied, "warnings": list(self.warnings)}
        return replace(self.doc, characters=characters, quotes=tuple(self.quotes),
                       mentions=tuple(self.mentions), source={**self.doc.source, "corrections": record})


def corrections_from_json_file(path: str | os.PathLike) -> str:
    """The starter corrections file for a `fabula analyze --format json` output."""
    name = str(path)
    try:
        data = json.loads(_read(path))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"line {exc.lineno}: " if isinstance(exc, json.JSONDecodeError) else ""
        problem = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise InputError(name, f"not a fabula JSON document ({where}{problem})") from None
    if not isinstance(data, dict) or "schema" not in data:
        raise InputError(name, "not a fabula JSON document (no \"schema\" field)")
    if data["schema"] != SCHEMA:
        raise InputError(name, f"not a fabula JSON document (schema {data['schema']!r}, expected {SCHEMA!r})")
    return corrections_from_document(data)


def corrections_from_document(data: dict) -> str:
    """A commented YAML corrections file that changes nothing until edited."""
    source = (data.get("source") or {}).get("name") or data.get("title") or "a fabula document"
    out = [
        f"# fabula corrections for {source}",
        "# Apply with: fabula analyze CHAPTER --corrections THIS_FILE",
        "# Names match any character's name or alias, ignoring case. Entries that no",
        "# longer match (the text changed) are skipped with a warning.",
        "",
        "# The cast as fabula found it, for reference only: this list is never applied.",
        "characters:",
    ]
    for c in data.get("characters") or []:
        aliases = ", ".join(_scalar(a) for a in c.get("aliases", []))
        out.append(f"  - {{name: {_scalar(c.get('name', ''))}, aliases: [{aliases}], "
                   f"gender: {c.get('gender', 'unknown')}, lines: {c.get('lines', 0)}}}")
    out += [
        "",
        "# Names that are one person, the canonical name first, e.g.",
        "#   - [Mr. Cavendish, John, Cavendish]",
        "merge: []",
        "",
        "# old name or alias: new canonical name, e.g.  Ino-pig: Ino Yamanaka",
        "rename: {}",
        "",
        "# Names that are not characters (places, interjections), e.g.  - Konoha",
        "not_characters: []",
        "",
        "# name: female, male, nonbinary or unknown, e.g.  Hoshi: male",
        "gender: {}",
        "",
        "# Every quotation, found by its opening words (and id while it still fits).",
        "# `found` is the speaker fabula found; while `speaker` equals it the entry",
        "# changes nothing, so later analyses may still improve it. To correct one,",
        "# change `speaker` (null: nobody); to confirm one, delete its `found` line.",
        "speakers:",
    ]
    for q in data.get("quotes") or []:
        words = q.get("text", "").split()
        opening = " ".join(words[:_STARTER_WORDS]) + ("…" if len(words) > _STARTER_WORDS else "")
        speaker = "null" if q.get("speaker") is None else _scalar(q["speaker"])
        # A quotation of nothing but quote marks has no words to find it by: its id must do.
        fields = [f"quote: {json.dumps(opening, ensure_ascii=False)}"] if _opening_key(opening) else []
        fields += [f"id: {_scalar(q['id'])}"] if q.get("id") else []
        fields += [f"speaker: {speaker}", f"found: {speaker}"]
        out.append(f"  - {fields[0]}" + ("  # thought" if q.get("kind") == "thought" else ""))
        out += [f"    {field}" for field in fields[1:]]
    return "\n".join(out) + "\n"


def _read(path: str | os.PathLike) -> bytes:
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _aliases(canonical: str, names: list[str]) -> tuple[str, ...]:
    """`names` once each, in order, without the canonical name."""
    aliases = {}
    for n in names:
        aliases.setdefault(_norm(n), n)
    aliases.pop(_norm(canonical), None)
    return tuple(aliases.values())


def _opening_key(text: str) -> str:
    return _norm(_QUOTE_MARKS.sub("", text))


def _first_word(key: str) -> str:
    match = _FIRST_WORD.search(key)
    return match.group() if match else ""


def _starts(key: str, pattern: str) -> bool:
    """`key` opens with `pattern`, which does not end in the middle of a word."""
    if not key.startswith(pattern):
        return False
    next_char = key[len(pattern) : len(pattern) + 1]
    return not (_FIRST_WORD.match(next_char) and _FIRST_WORD.match(pattern[-1]))


@lru_cache(maxsize=4096)  # the same few names, once per quotation
def _scalar(value: str) -> str:
    """A name as YAML: bare when it reads back as the same string, else quoted."""
    plain = re.fullmatch(r"\w[\w .’'-]*", value) and not value.endswith(" ")
    return value if plain and yaml.safe_load(value) == value else json.dumps(value, ensure_ascii=False)
