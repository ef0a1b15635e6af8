"""The starter corrections file `fabula corrections init` writes from
analyze's JSON: the cast for reference and an entry for every quotation
that changes nothing until a person edits it."""

from __future__ import annotations

import json
import os

from ..errors import InputError
from ..model import SCHEMA
from .file import opening_key, read_bytes
from .write import opening_words, scalar


def corrections_from_json_file(path: str | os.PathLike) -> str:
    """The starter corrections file for a `fabula analyze --format json` output."""
    name = str(path)
    try:
        data = json.loads(read_bytes(path))
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
        aliases = ", ".join(scalar(a) for a in c.get("aliases", []))
        out.append(f"  - {{name: {scalar(c.get('name', ''))}, aliases: [{aliases}], "
                   f"gender: {c.get('gender', 'unknown')}, lines: {c.get('lines', 0)}}}")
    out += [
        "",
        "# Names of characters the analysis missed, e.g.  - Mei Terumi",
        "new_characters: []",
        "",
        "# A name wrongly given to a character, which becomes a character of its own, e.g.  - Mrs. Weston",
        "split: []",
        "",
        "# Names that are not characters (places, interjections), e.g.  - Konoha",
        "not_characters: []",
        "",
        "# Names that are one person, the canonical name first, e.g.",
        "#   - [Mr. Cavendish, John, Cavendish]",
        "merge: []",
        "",
        "# old name or alias: new canonical name, e.g.  Ino-pig: Ino Yamanaka",
        "rename: {}",
        "",
        "# name: female, male, nonbinary or unknown, e.g.  Hoshi: male",
        "gender: {}",
        "",
        "# The audiobook voice of a character (or narrator, unattributed), as in voices.json, e.g.",
        "#   Hoshi: {voice: en-us+m3, pitch: 20, rate: 100}",
        "voices: {}",
        "",
        "# Every quotation, found by its opening words (and id while it still fits).",
        "# `found` is the speaker fabula found; while `speaker` equals it the entry",
        "# changes nothing, so later analyses may still improve it. To correct one,",
        "# change `speaker` (null: nobody); to confirm one, delete its `found` line.",
        "speakers:",
    ]
    for q in data.get("quotes") or []:
        opening = opening_words(q.get("text", ""))
        speaker = "null" if q.get("speaker") is None else scalar(q["speaker"])
        # A quotation of nothing but quote marks has no words to find it by: its id must do.
        fields = [f"quote: {json.dumps(opening, ensure_ascii=False)}"] if opening_key(opening) else []
        fields += [f"id: {scalar(q['id'])}"] if q.get("id") else []
        fields += [f"speaker: {speaker}", f"found: {speaker}"]
        out.append(f"  - {fields[0]}" + ("  # thought" if q.get("kind") == "thought" else ""))
        out += [f"    {field}" for field in fields[1:]]
    return "\n".join(out) + "\n"
