"""Readers turn a file (or bytes) into a `Document` holding only the text and
what markup gives away: emphasis, horizontal rules, chapters, the paratext
that a site or downloader wraps around the story (titles, summaries, notes,
metadata) and the work's metadata (`Document.metadata`).

The pipeline finds everything else. Each reader takes bytes and a display
name and raises `InputError` for input it cannot read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .text import read_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
             ".htm": "html", ".xhtml": "html", ".epub": "epub"}
READ_SUFFIXES = frozenset(_SUFFIXES)  # the file suffixes read_path knows


def read_path(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file, or standard input when `path` is "-", into a Document."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_bytes(data, "<stdin>", max_bytes=max_bytes)
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a file")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit (see --max-size)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    return read_bytes(data, name, fmt=_SUFFIXES.get(p.suffix.lower()), max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, fmt: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read bytes whose format is given, or sniffed from the content."""
    if len(data) > max_bytes:
        raise InputError(name, f"input is over the {_mb(max_bytes)} limit (see --max-size)")
    if not data.strip():
        raise InputError(name, "file is empty")
    fmt = fmt or sniff_format(data)
    if fmt == "html":
        from .html import read_html  # lxml loads only when markup is read

        return read_html(data, name)
    if fmt == "epub":
        from .epub import read_epub

        return read_epub(data, name)
    if fmt == "md":
        from .markdown import read_markdown

        return read_markdown(data, name)
    return read_text(data, name)


def sniff_format(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "epub"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "txt"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
