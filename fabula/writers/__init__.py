"""Writers turn a `Document` into what people use. Output files are written
atomically: a reader of the path sees the old file or the whole new one,
never half of it."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import FabulaError
from ..model import Document


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path) as fh:
        fh.write(payload)


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` only when the block ends without an
    error; until then it is a hidden temporary file beside it."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FabulaError(f"{target}: output folder {directory} does not exist")
    if target.is_dir():
        raise FabulaError(f"{target}: is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise FabulaError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private; give it the mode any new file would get
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
        _sync_folder(directory)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FabulaError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sync_folder(directory: Path) -> None:
    """Make the rename itself durable (it lives in the folder's entry), so
    that after a power cut the path holds the new file, not the old one."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder, nor sync one: the rename is all there is
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is done all the same
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def display_title(doc: Document) -> str:
    """What to call the document: its title, else its first title line, else
    the file's name (without folders, so outputs do not depend on where it lay)."""
    if doc.title:
        return doc.title
    heading = next((p for p in doc.paratext if p.kind == "title"), None)
    if heading is not None:
        return " ".join(doc.span_text(heading).split())
    return os.path.basename(doc.source.get("name") or "") or "Untitled"
