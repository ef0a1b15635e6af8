"""Writers turn a `Document` into what people use. Output files are written
atomically: a reader of the path sees the old file or the whole new one,
never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import FabulaError
from ..model import Document


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FabulaError(f"{target}: output folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    try:
        # mkstemp makes the file private; the output gets the mode of the file it
        # replaces, else what the umask gives any new file.
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FabulaError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def display_title(doc: Document) -> str:
    """What to call the document: its title, else its first title line, else
    the file's name (without folders, so outputs do not depend on where it lay)."""
    if doc.title:
        return doc.title
    heading = next((p for p in doc.paratext if p.kind == "title"), None)
    if heading is not None:
        return " ".join(doc.span_text(heading).split())
    return os.path.basename(doc.source.get("name") or "") or "Untitled"
