"""The corrections file: what it holds and how it is read.

A YAML (or JSON) mapping whose sections name characters and quotations by
what a person sees (names, the opening words of a quotation, ids as hints),
never only by offsets, so that a file survives re-analysis of an edited
text. `load_corrections` checks the whole file first: a malformed one raises
`InputError` naming the file and the line, in one line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import InputError
from ..writers.casting import Voice, parse_voice

GENDERS = ("female", "male", "nonbinary", "unknown")
# In the order they apply (voices apply when an audiobook is cast);
# `characters` is the cast `corrections init` lists for reference, never applied.
SECTIONS = ("new_characters", "split", "not_characters", "merge", "rename", "gender", "voices", "speakers",
            "characters")
SPEAKER_KEYS = ("quote", "id", "speaker", "found", "addressees", "all")
# As in voices.json, whose `gender` (which palette a voice came from) may be
# copied along and is ignored.
VOICE_KEYS = ("voice", "pitch", "rate", "gender")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_QUOTE_MARKS = re.compile(r"[\"'“”‘’«»„‚‹›「」『』]")
_QUOTE_ID = re.compile(r"q[0-9]+")


@dataclass(frozen=True, slots=True)
class SpeakerFix:
    """One `speakers` entry; `speaker` None means "nobody": unattributed.

    `keep_speaker`: `found` equals `speaker`, a starter entry nobody edited. It
    must not pin an old guess over a better analysis, but it still claims its
    quotation, so that entries for repeated words ("Yes.") land in order.
    `found` is kept as written, for writing the file back.
    """

    speaker: str | None
    quote: str | None = None
    id: str | None = None
    addressees: tuple[str, ...] | None = None  # None leaves them as they are
    all: bool = False
    keep_speaker: bool = False
    line: int = 0
    found: str | None = None


@dataclass(frozen=True, slots=True)
class Corrections:
    source: str = "<corrections>"
    new_characters: tuple[str, ...] = ()
    not_characters: tuple[str, ...] = ()
    split: tuple[str, ...] = ()
    merge: tuple[tuple[str, ...], ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    gender: tuple[tuple[str, str], ...] = ()
    voices: tuple[tuple[str, Voice], ...] = ()
    speakers: tuple[SpeakerFix, ...] = ()


def load_corrections(path: str | os.PathLike) -> Corrections:
    """Read and check a corrections file (YAML or JSON); an empty file corrects nothing."""
    name = str(path)
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    return parse_corrections(text, name)


def parse_corrections(text: str, name: str = "<corrections>") -> Corrections:
    """The corrections a file's text holds; `name` is the file, for errors."""
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

        def names(section: str) -> tuple[str, ...]:
            return tuple(self.name_of(n, section) for n in self.items(sections.get(section), section))

        return Corrections(
            source=self.name,
            new_characters=names("new_characters"),
            not_characters=names("not_characters"),
            split=names("split"),
            merge=tuple(self.merge_group(n) for n in self.items(sections.get("merge"), "merge")),
            rename=tuple((self.name_of(k, "rename"), self.name_of(v, "rename"))
                         for k, v in self.pairs(sections.get("rename"), "rename")),
            gender=tuple((self.name_of(k, "gender"), self.gender(v, k.value))
                         for k, v in self.pairs(sections.get("gender"), "gender")),
            voices=tuple((self.name_of(k, "voices"), self.voice(v, k.value))
                         for k, v in self.pairs(sections.get("voices"), "voices")),
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
            if norm(key.value) in seen:
                self.fail(key, f"{what}: '{key.value}' appears twice")
            seen.add(norm(key.value))
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

    def voice(self, node, who: str) -> Voice:
        entry = {}
        for key, value in self.pairs(node, f"voices: '{who}'", VOICE_KEYS):
            if not isinstance(value, yaml.ScalarNode):
                self.fail(value, f"voices: '{who}': {key} must be a single value")
            entry[key] = int(value.value) if value.tag == _INT and _is_decimal(value.value) else value.value
        try:
            voice = parse_voice(entry)
        except ValueError as exc:
            self.fail(node, f"voices: '{who}': {exc}")
        return Voice(voice.voice, voice.pitch, voice.rate)

    def speaker_fix(self, node) -> SpeakerFix:
        fields = dict(self.pairs(node, "speakers entry", SPEAKER_KEYS))
        if "speaker" not in fields:
            self.fail(node, "speakers: each entry needs 'speaker' and 'quote' or 'id'")
        speaker, found = (None if _is_null(fields.get(k)) else self.name_of(fields[k], k)
                          for k in ("speaker", "found"))
        keep_speaker = "found" in fields and norm(speaker or "") == norm(found or "")
        quote = quote_id = addressees = None
        if "quote" in fields:
            quote = self.name_of(fields["quote"], "quote")
            if not opening_key(quote):
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
        return SpeakerFix(speaker, quote, quote_id, addressees, every, keep_speaker, node.start_mark.line + 1,
                          found)

    def flag(self, node) -> bool:
        if not (isinstance(node, yaml.ScalarNode) and node.tag == _BOOL):
            self.fail(node, "all: expected true or false")
        return node.value.lower() in ("true", "yes", "on")


def read_bytes(path: str | os.PathLike) -> bytes:
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None


def norm(name: str) -> str:
    """A name as corrections compare names: spacing and case ignored."""
    return " ".join(name.split()).casefold()


def opening_key(text: str) -> str:
    """Words of a quotation as corrections compare them: quote marks,
    spacing and case ignored."""
    return norm(_QUOTE_MARKS.sub("", text))


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _is_decimal(value: str) -> bool:
    return re.fullmatch(r"[-+]?[0-9]+", value) is not None
