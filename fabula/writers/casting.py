"""The audiobook's casting sheet: which voice reads the narration and each
character, kept in an editable `voices.json`.

A voice is an espeak-ng voice name, optionally with a variant
(`en-us+f3`: American English, third female variant; `espeak-ng --voices`
and `espeak-ng --voices=variant` list them), a pitch (percent up or down
from the voice's own) and a rate (percent of its normal speed). By default
each speaking character gets the next unused voice of their gender from a
palette in which neighbours differ in accent, timbre and pitch (characters
of unknown gender get mid-pitched voices); past the end of the palette the
same voices come round again with their pitch and rate moved, so no two
characters share a voice (until a cast of hundreds of one gender). The narrator has a voice of their own, and so
have quotations with no speaker (`unattributed`), so that a listener hears
them as speech, not narration. A first-person narrator's own lines (fabula's
`Narrator` character) are read in the narrator's voice.

Casting is by name: an entry whose name is a character's name or one of its
aliases (ignoring case and spacing) casts that character, so a casting
survives renames by a corrections file. Entries for characters absent from
this text stay in the sheet, and their voices count as taken.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Document

ABOUT = ("voice: an espeak-ng voice, optionally +variant (espeak-ng --voices, espeak-ng --voices=variant); "
         "pitch: percent up or down from the voice's own; rate: percent of its normal speed. Edit freely: "
         "fabula keeps this casting when run again and gives new characters voices nobody has.")
PITCH_RANGE = (-50, 100)
RATE_RANGE = (40, 300)
_VOICE_NAME = re.compile(r"^[\w-]+(?:\+[\w-]+)?$")
_NARRATOR_ID = "narrator"  # the speaker stage's first-person narrator


@dataclass(frozen=True, slots=True)
class Voice:
    voice: str
    pitch: int = 0
    rate: int = 100
    gender: str | None = None  # whose palette it came from; for the reader of the sheet

    def sound(self) -> tuple[str, int, int]:
        return self.voice, self.pitch, self.rate


NARRATOR = Voice("en-gb-x-rp", pitch=-5, rate=95)

# Neighbours differ in accent, variant and pitch, so that the first few
# characters of a gender (the ones most chapters have) are easy to tell apart.
# (espeak-ng takes variants on "en" but not on "en-gb", which it reads as
# its default male voice.) The pitch moves are large because espeak-ng
# applies about half of a prosody percentage.
PALETTE = {
    "female": (
        Voice("en-us+f3", 0), Voice("en+f4", -20), Voice("en-us+Annie", 20), Voice("en-gb-scotland+f2", -6),
        Voice("en-us+linda", 6), Voice("en-gb-x-rp+aunty", -30), Voice("en+Alicia", 30), Voice("en-us+steph", -12),
        Voice("en-029+f5", 10), Voice("en+belinda", -20), Voice("en-us+anika", 0), Voice("en-gb-x-gbclan+f1", -8),
    ),
    "male": (
        Voice("en-us+m3", 20), Voice("en+m1", -16), Voice("en-gb-scotland+m7", 50), Voice("en-us+Mike", 30),
        Voice("en-gb-x-rp+m2", -30), Voice("en-029+m4", 60), Voice("en-us+paul", 10), Voice("en-us-nyc+john", -20),
        Voice("en+grandpa", 40), Voice("en-gb-x-gbclan+m5", -8), Voice("en-us+max", 70), Voice("en-gb-x-gbcwmd+m6", 0),
    ),
    "unknown": (
        Voice("en-us+f1", -40), Voice("en+m7", 80), Voice("en-gb-scotland+steph", -45), Voice("en-us+m2", 90),
        Voice("en-029+f4", -35), Voice("en-gb-x-rp+m4", 95),
    ),
}
PALETTE["nonbinary"] = PALETTE["unknown"]
UNATTRIBUTED = Voice("en-us-nyc+f2", pitch=-45, rate=100)
# How a palette voice is moved (pitch, rate) once every voice of it is taken.
_MOVES = [(pitch, rate) for rate in (0, 8, -8, 16, -16) for pitch in (10, -10, 20, -20, 30, -30)]


@dataclass
class Casting:
    narrator: Voice = NARRATOR
    unattributed: Voice = UNATTRIBUTED
    characters: dict[str, Voice] = field(default_factory=dict)  # name as written in the sheet -> voice

    def voice_for(self, doc: Document, character_id: str | None) -> Voice:
        if character_id is None:
            return self.unattributed
        if character_id == _NARRATOR_ID:
            return self.narrator
        character = doc.character(character_id)
        key = self._key_for(character.name, character.aliases) if character else None
        return self.characters[key] if key is not None else self.unattributed

    def _key_for(self, name: str, aliases: tuple[str, ...]) -> str | None:
        keys = {_fold(k): k for k in self.characters}
        for n in (name, *aliases):
            if _fold(n) in keys:
                return keys[_fold(n)]
        return None

    def to_json(self) -> str:
        data = {
            "about": ABOUT,
            "narrator": _voice_dict(self.narrator),
            "unattributed": _voice_dict(self.unattributed),
            "characters": {name: _voice_dict(v) for name, v in self.characters.items()},
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def cast_voices(doc: Document, casting: Casting | None = None,
                chosen: Mapping[str, Voice] | None = None) -> Casting:
    """The casting with a voice for every character who speaks in `doc`:
    the sheet's entries as they are, new characters (in order of their
    first line) given voices nobody in the sheet has.

    `chosen` holds voices picked in a corrections file (`voices:`), by
    character name or alias, `narrator` and `unattributed` for those two
    voices. They win over the sheet: an entry of the sheet for the same
    character is dropped, so the sheet written back holds the choice."""
    cast = Casting(casting.narrator, casting.unattributed, dict(casting.characters)) if casting else Casting()
    for who, voice in (chosen or {}).items():
        _choose(doc, cast, who, voice)
    taken = {v.sound() for v in (cast.narrator, cast.unattributed, *cast.characters.values())}
    taken_voices = {s[0] for s in taken}
    order: list[str] = []
    for q in sorted(doc.quotes, key=lambda q: q.start):
        if q.speaker and q.speaker != _NARRATOR_ID and q.speaker not in order:
            order.append(q.speaker)
    for character_id in order:
        character = doc.character(character_id)
        if character is None or cast._key_for(character.name, character.aliases) is not None:
            continue
        palette = PALETTE.get(character.gender, PALETTE["unknown"])
        voice = _first_free(palette, taken, taken_voices)
        cast.characters[character.name] = Voice(voice.voice, voice.pitch, voice.rate,
                                                 character.gender if character.gender in PALETTE else "unknown")
        taken.add(voice.sound())
        taken_voices.add(voice.voice)
    return cast


def _choose(doc: Document, cast: Casting, who: str, voice: Voice) -> None:
    if _fold(who) in (_NARRATOR_ID, "unattributed"):
        setattr(cast, _fold(who), voice)
        return
    character = next((c for c in doc.characters if _fold(who) in map(_fold, (c.name, *c.aliases))), None)
    names = {_fold(n) for n in ((character.name, *character.aliases) if character else (who,))}
    for key in [k for k in cast.characters if _fold(k) in names]:
        del cast.characters[key]
    cast.characters[who] = voice


def _first_free(palette: tuple[Voice, ...], taken: set, taken_voices: set[str]) -> Voice:
    """A voice nobody uses yet, else a palette voice with its pitch and rate
    moved to a combination nobody uses; only a cast of hundreds of one
    gender runs out of those, and then voices repeat."""
    for v in palette:
        if v.voice not in taken_voices:
            return v
    for pitch_move, rate_move in _MOVES:
        for v in palette:
            moved = Voice(v.voice, _clamp(v.pitch + pitch_move, PITCH_RANGE), _clamp(v.rate + rate_move, RATE_RANGE))
            if moved.sound() not in taken:
                return moved
    return palette[len(taken) % len(palette)]


def load_casting(path: str | os.PathLike) -> Casting:
    """Read a voices.json; a malformed one is an InputError naming the file
    and the problem."""
    name = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(name, "expected an object with narrator, unattributed and characters")
    unknown = set(data) - {"about", "narrator", "unattributed", "characters"}
    if unknown:
        raise InputError(name, f"unknown key {sorted(unknown)[0]!r} (expected narrator, unattributed, characters)")
    characters = data.get("characters", {})
    if not isinstance(characters, dict):
        raise InputError(name, "characters: expected an object mapping names to voices")
    return Casting(
        narrator=_voice(name, "narrator", data.get("narrator", _voice_dict(NARRATOR))),
        unattributed=_voice(name, "unattributed", data.get("unattributed", _voice_dict(UNATTRIBUTED))),
        characters={who: _voice(name, f"characters: {who!r}", entry) for who, entry in characters.items()},
    )


def _voice(name: str, where: str, entry) -> Voice:
    try:
        return parse_voice(entry)
    except ValueError as exc:
        raise InputError(name, f"{where}: {exc}") from None


def parse_voice(entry) -> Voice:
    """A voice from its sheet entry ({voice, pitch, rate, gender}, pitch and
    rate optional); ValueError says what is wrong with it."""
    if not isinstance(entry, dict):
        raise ValueError("expected an object with voice, pitch, rate")
    unknown = set(entry) - {"voice", "pitch", "rate", "gender"}
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r} (expected voice, pitch, rate, gender)")
    voice = entry.get("voice")
    if not isinstance(voice, str) or not _VOICE_NAME.match(voice):
        raise ValueError(f"voice must be an espeak-ng voice name such as 'en-us+f3', not {voice!r}")
    numbers = {}
    for key, default, (lo, hi) in (("pitch", 0, PITCH_RANGE), ("rate", 100, RATE_RANGE)):
        value = entry.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(f"{key} must be a whole number from {lo} to {hi}, not {value!r}")
        numbers[key] = value
    gender = entry.get("gender")
    if gender is not None and not isinstance(gender, str):
        raise ValueError("gender must be a string")
    return Voice(voice, numbers["pitch"], numbers["rate"], gender)


def _voice_dict(v: Voice) -> dict:
    d = {"voice": v.voice, "pitch": v.pitch, "rate": v.rate}
    if v.gender is not None:
        d["gender"] = v.gender
    return d


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())
