"""A list of the characters known before reading, for `--cast FILE`.

One person per line, their names separated by `|` (`Yamada Hizashi |
Present Mic`), the way AO3 writes character tags; blank lines and lines
starting with `#` are skipped. The cast stage seeds the cast with these
names (a listed character who never appears in the text is not added).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError

MAX_BYTES = 1024 * 1024


def load_cast_list(path: str | os.PathLike) -> tuple[str, ...]:
    """The file's entries, one string per person, names still joined by `|`."""
    name = str(path)
    try:
        p = Path(path)
        if p.is_dir():
            raise InputError(name, "is a directory, not a file")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(name, "a cast list over 1 MB is not a list of characters")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    if b"\0" in data:
        raise InputError(name, "a binary file, not a list of names")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [" ".join(n.split()) for n in line.split("|")]
        if not all(names):
            raise InputError(name, f"line {number}: an empty name (write 'Name | Other name')")
        entries.append(" | ".join(names))
    if not entries:
        raise InputError(name, "no names (one character per line, 'Name | Other name' for aliases)")
    return tuple(entries)
