"""A work open in the studio: the library side of `fabula studio`.

A session reads the work once and keeps what comes before the speaker stage
(reading, paragraphs, paratext, scenes, quotations, cast). Every edit makes
new corrections (`corrections/edit.py`), runs the speaker stage and after
again with them as evidence (`correct_analysis`), saves the file atomically
and only then takes the new state, so the document is always the one
`fabula analyze WORK --corrections FILE` gives, and the file on disk always
holds every edit a caller was told about.

Edits name quotations and characters by the ids of the current document;
an unknown id raises `NotFound`, a value that makes no sense `EditError`,
each with a one-line message for a person. Methods are safe to call from
several threads; hold `lock` to read what one edit did and the state after
it together.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ..cast_list import load_cast_list
from ..corrections import Corrections, correct_analysis, edit, format_corrections, load_corrections, parse_corrections
from ..corrections.file import GENDERS, norm
from ..errors import FabulaError
from ..model import Character, Document
from ..pipeline import find_structure_and_cast
from ..readers import DEFAULT_MAX_BYTES, read_path
from ..stages.speakers.crf import Weights
from ..stages.speakers.features import NARRATOR
from ..writers import display_title, write_atomic
from ..writers.audiobook import VOICES_FILE
from ..writers.casting import Casting, Voice, cast_voices, load_casting
from ..writers.layout import chapter_layout
from . import exports, views

NAME_LIMIT = 100


class EditError(ValueError):
    """An edit that cannot be made as asked."""


class NotFound(LookupError):
    """An edit names a quotation or character the document does not have."""


@dataclass(frozen=True)
class Update:
    """What an edit did: the revision it made, the quotations it set
    (`edited`), the others whose speaker changed with it (`changed`), and
    the new state of every quotation whose state changed (by id)."""

    revision: int
    edited: tuple[str, ...]
    changed: tuple[str, ...]
    quotes: dict[str, dict]


def default_corrections_path(work: str | os.PathLike) -> Path:
    """chapter.txt -> chapter.corrections.yaml beside it."""
    return Path(work).with_suffix(".corrections.yaml")


def default_output(work: str | os.PathLike) -> Path:
    """chapter.txt -> the folder chapter-fabula beside it."""
    path = Path(work)
    return path.with_name(f"{path.stem}-fabula")


class Session:
    """One work open for review: `work` a .txt, .html or .epub file;
    `corrections` the file every edit is saved to (read first when it
    exists; by default beside the work); `cast` a `--cast` list; `output`
    the exports' folder; `weights` the speaker model's, the trained ones
    unless given. Raises FabulaError, as the commands do, for what it
    cannot read."""

    def __init__(self, work: str | os.PathLike, corrections: str | os.PathLike | None = None,
                 cast: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 output: str | os.PathLike | None = None, weights: Weights | None = None):
        self.work = str(work)
        self.corrections_path = Path(corrections) if corrections is not None else default_corrections_path(work)
        self.output = Path(output) if output is not None else default_output(work)
        folder = self.corrections_path.parent
        if not folder.is_dir():
            raise FabulaError(f"{self.corrections_path}: folder {folder} does not exist")
        if self.corrections_path.exists():
            self.corrections = load_corrections(self.corrections_path)
        else:
            self.corrections = Corrections(source=str(self.corrections_path))
        known = load_cast_list(cast) if cast is not None else ()
        self.structure = find_structure_and_cast(read_path(work, max_bytes=max_bytes), known)
        self.weights = weights
        self.layout = chapter_layout(self.structure)
        self.pages = views.pages(self.structure)
        self.places = views.quote_places(self.structure, self.pages)
        self._index = {q.id: n for n, q in enumerate(self.structure.quotes)}
        self._history: list[Corrections] = []
        self.lock = threading.RLock()
        self.revision = 0
        self.analysis = correct_analysis(self.structure, self.corrections, weights)
        self.colours = views.keep_colours(self.document, {})
        self._states = self._quote_states()

    @property
    def document(self) -> Document:
        return self.analysis.document

    # What the page shows.

    def state(self) -> dict:
        """Everything the page needs but the text of its pages."""
        with self.lock:
            return {
                "revision": self.revision,
                "title": display_title(self.document),
                "work": self.work,
                "output": str(self.output),
                "pages": [{"title": p.title} for p in self.pages],
                "quotes": [{**place, **state} for place, state in zip(self.places, self._states)],
                "genders": list(GENDERS),
                "exports": list(exports.EXPORTS),
                **self.shared(),
            }

    def shared(self) -> dict:
        """What may change with any edit, besides the quotations."""
        with self.lock:
            casting = self.casting()
            return {
                "corrections": str(self.corrections_path),
                "cast": views.cast_view(self.document, self.colours, casting),
                "voices": views.voices_view(casting),
                "warnings": self.warnings(),
                "can_undo": bool(self._history),
            }

    def page(self, number: int) -> list[dict]:
        if not 0 <= number < len(self.pages):
            raise NotFound(f"no page {number} (the work has {len(self.pages)})")
        return views.page_view(self.structure, self.layout, self.pages[number])

    def casting(self) -> Casting:
        """The audiobook's casting as an export would make it."""
        sheet = self.output / exports.AUDIOBOOK_FOLDER / VOICES_FILE
        try:
            base = load_casting(sheet) if sheet.is_file() else None
        except FabulaError:
            base = None  # a broken sheet is reported when the audiobook is exported
        return cast_voices(self.document, base, dict(self.corrections.voices))

    def warnings(self) -> list[str]:
        return list(self.document.source.get("corrections", {}).get("warnings", []))

    # Edits.

    def set_speaker(self, quote_id: str, character_id: str | None) -> Update:
        """The quotation is said by that character (None: by nobody)."""
        with self.lock:
            n = self._quote(quote_id)
            name = None if character_id is None else self._speaker_name(self._character(character_id))
            return self._commit(edit.set_speaker(self.corrections, self.structure, n, name), (quote_id,))

    def new_character(self, name: str, quote_id: str | None = None) -> Update:
        """A character the analysis missed, who says the quotation if one is given."""
        with self.lock:
            name = self._new_name(name)
            corrections = edit.add_character(self.corrections, name)
            if quote_id is not None:
                corrections = edit.set_speaker(corrections, self.structure, self._quote(quote_id), name)
            return self._commit(corrections, (quote_id,) if quote_id else ())

    def rename(self, character_id: str, name: str) -> Update:
        with self.lock:
            c = self._character(character_id)
            if norm(name) == norm(c.name):
                return self._commit(self.corrections)
            name = self._new_name(name, but=c)
            return self._commit(edit.rename(self.corrections, self._name_at(c, "rename"), name))

    def merge(self, character_id: str, into: str) -> Update:
        """`character_id` is the same person as `into`, whose name stays."""
        with self.lock:
            other, keep = self._character(character_id), self._character(into)
            if other.id == keep.id:
                raise EditError(f"cannot merge {keep.name} with themselves")
            names = self._name_at(keep, "merge"), self._name_at(other, "merge")
            return self._commit(edit.merge(self.corrections, *names))

    def split(self, character_id: str, name: str) -> Update:
        """One of the character's names becomes a character of its own."""
        with self.lock:
            c = self._character(character_id)
            written = next((n for n in (c.name, *c.aliases) if norm(n) == norm(name)), None)
            if written is None:
                raise EditError(f"{c.name} has no name {name!r}")
            if not c.aliases:
                raise EditError(f"{written!r} is the only name of {c.name}")
            return self._commit(edit.split(self.corrections, written))

    def not_character(self, character_id: str) -> Update:
        with self.lock:
            c = self._character(character_id)
            names = (c.name, *c.aliases)
            # A character the speaker stage made (a first-person narrator) is struck from the finished document.
            members = edit.members_before(self.structure, self.corrections, "not_characters", names) or (c.name,)
            return self._commit(edit.not_character(self.corrections, members, names))

    def set_gender(self, character_id: str, gender: str) -> Update:
        with self.lock:
            if gender not in GENDERS:
                raise EditError(f"gender must be {', '.join(GENDERS)}, not {gender!r}")
            c = self._character(character_id)
            return self._commit(edit.set_gender(self.corrections, self._name_at(c, "gender"), gender))

    def set_voice(self, who: str, voice: Voice) -> Update:
        """The audiobook voice of a character, or of `narrator` or `unattributed`."""
        with self.lock:
            name = who if who in ("narrator", "unattributed") else self._character(who).name
            return self._commit(edit.set_voice(self.corrections, name, voice))

    def undo(self) -> Update:
        """Back to the corrections before the last edit (saved as well)."""
        with self.lock:
            if not self._history:
                raise EditError("nothing to undo")
            return self._commit(self._history[-1], undoing=True)

    def export(self, what: str) -> list[Path]:
        """Write one export (`exports.EXPORTS`) of the current document."""
        with self.lock:
            doc, voices = self.document, dict(self.corrections.voices)
        # Outside the lock: rendering audio takes a while, and edits need not wait for it.
        return exports.export(doc, what, self.output, Path(self.work).stem, voices)

    # Inside.

    def _commit(self, corrections: Corrections, edited: tuple[str, ...] = (), undoing: bool = False) -> Update:
        if corrections == self.corrections:
            return Update(self.revision, edited, (), {})
        text = format_corrections(corrections, Path(self.work).name)
        # Read back as the file will be read, so line numbers in warnings match.
        corrections = parse_corrections(text, str(self.corrections_path))
        analysis = correct_analysis(self.structure, corrections, self.weights)
        write_atomic(self.corrections_path, text)
        # Saved: only now does the session move on.
        if undoing:
            self._history.pop()
        else:
            self._history.append(self.corrections)
        before = self.document
        self.corrections, self.analysis = corrections, analysis
        self.colours = views.keep_colours(self.document, self.colours)
        self.revision += 1
        old_states, self._states = self._states, self._quote_states()
        changed = tuple(q.id for q, old in zip(self.document.quotes, before.quotes)
                        if q.id not in edited and not _same_speaker(before, old.speaker, self.document, q.speaker))
        refreshed = {q.id: state for q, state, old in zip(self.document.quotes, self._states, old_states)
                     if state != old}
        return Update(self.revision, edited, changed, refreshed)

    def _quote_states(self) -> list[dict]:
        return views.quote_state(self.document, self.analysis.ranked, self.analysis.held)

    def _quote(self, quote_id: str) -> int:
        if quote_id not in self._index:
            raise NotFound(f"no quotation {quote_id!r}")
        return self._index[quote_id]

    def _character(self, character_id: str) -> Character:
        c = self.document.character(character_id)
        if c is None:
            raise NotFound(f"no character {character_id!r}")
        return c

    def _name_at(self, c: Character, section: str) -> str:
        """The name a `section` entry must use for `c` (see edit.names_before)."""
        return edit.names_before(self.structure, self.corrections, section).get(c.id, c.name)

    def _speaker_name(self, c: Character) -> str:
        """A first-person narrator exists only from the speaker stage on;
        before it, a speakers entry calls them Narrator."""
        name = edit.names_before(self.structure, self.corrections, "speakers").get(c.id)
        if name is None and (c.id == NARRATOR or "Narrator" in c.aliases):
            return "Narrator"
        return name or c.name

    def _new_name(self, name: str, but: Character | None = None) -> str:
        name = " ".join(name.split())
        if not name or len(name) > NAME_LIMIT or not name.isprintable():
            raise EditError(f"a name is 1 to {NAME_LIMIT} printable characters")
        taken = next((c for c in self.document.characters
                      if c is not but and norm(name) in map(norm, (c.name, *c.aliases))), None)
        if taken is not None:
            raise EditError(f"{taken.name} already has the name {name!r} (merge the two instead)")
        return name


def _same_speaker(before: Document, old: str | None, after: Document, new: str | None) -> bool:
    """The same person speaks, as a person sees it: a character merged into
    another is that other, a renamed one is still themselves."""
    if old == new:
        return True
    if old is None or new is None or after.character(old) is not None:
        return False
    gone, now = before.character(old), after.character(new)
    return gone is not None and now is not None and norm(gone.name) in map(norm, (now.name, *now.aliases))
