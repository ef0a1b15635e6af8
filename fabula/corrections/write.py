"""Corrections written as the file a person reads: YAML, one section after
another in the order they apply, each entry on its own line(s), so that a
change is a small diff. `format_corrections` is read back by
`load_corrections` as the same corrections.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

from ..writers.casting import Voice
from .file import Corrections, SpeakerFix

STARTER_WORDS = 6


def format_corrections(corrections: Corrections, about: str) -> str:
    """The file's text; `about` names the work, for its first line."""
    out = [f"# fabula corrections for {' '.join(about.split())}",
           "# Apply with: fabula analyze WORK --corrections THIS_FILE (the README's Corrections section",
           "# explains each part)."]
    for section in ("new_characters", "split", "not_characters"):
        if names := getattr(corrections, section):
            out += [f"{section}:", *(f"  - {scalar(n)}" for n in names)]
    if corrections.merge:
        out += ["merge:", *(f"  - {flow(group)}" for group in corrections.merge)]
    for section in ("rename", "gender"):
        if pairs := getattr(corrections, section):
            out += [f"{section}:", *(f"  {scalar(k)}: {scalar(v)}" for k, v in pairs)]
    if corrections.voices:
        out += ["voices:", *(f"  {scalar(who)}: {voice_entry(v)}" for who, v in corrections.voices)]
    if corrections.speakers:
        out.append("speakers:")
        for fix in corrections.speakers:
            out += speaker_entry(fix)
    return "\n".join(out) + "\n"


def speaker_entry(fix: SpeakerFix) -> list[str]:
    fields = [f"quote: {json.dumps(fix.quote, ensure_ascii=False)}"] if fix.quote is not None else []
    fields += [f"id: {fix.id}"] if fix.id is not None else []
    fields.append(f"speaker: {name_or_null(fix.speaker)}")
    if fix.keep_speaker:
        fields.append(f"found: {name_or_null(fix.speaker)}")
    elif fix.found is not None:
        fields.append(f"found: {scalar(fix.found)}")
    if fix.addressees is not None:
        fields.append(f"addressees: {flow(fix.addressees)}")
    if fix.all:
        fields.append("all: true")
    return [f"  - {fields[0]}", *(f"    {f}" for f in fields[1:])]


def opening_words(text: str) -> str:
    """The first words of a quotation, as an entry finds it by ("…" when cut)."""
    words = text.split()
    return " ".join(words[:STARTER_WORDS]) + ("…" if len(words) > STARTER_WORDS else "")


def voice_entry(v: Voice) -> str:
    return f"{{voice: {scalar(v.voice)}, pitch: {v.pitch}, rate: {v.rate}}}"


def flow(names) -> str:
    return "[" + ", ".join(scalar(n) for n in names) + "]"


def name_or_null(name: str | None) -> str:
    return "null" if name is None else scalar(name)


@lru_cache(maxsize=4096)  # the same few names, once per quotation
def scalar(value: str) -> str:
    """A name as YAML: bare when it reads back as the same string, else quoted."""
    plain = re.fullmatch(r"\w[\w .’'+-]*", value) and not value.endswith(" ")
    return value if plain and yaml.safe_load(value) == value else json.dumps(value, ensure_ascii=False)
