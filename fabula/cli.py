"""The `fabula` command: a thin layer over the library.

Every command is one library call plus formatting. Errors in the input come
back as one line on stderr and a non-zero exit; set FABULA_DEBUG=1 to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import os
import sys

import click

from . import analyze_file
from .errors import FabulaError
from .readers import DEFAULT_MAX_BYTES
from .writers import write_atomic
from .writers.summary import format_summary


def _max_bytes(megabytes: float) -> int:
    return int(megabytes * 1024 * 1024)


max_size_option = click.option(
    "--max-size",
    type=click.FloatRange(min=0.001),
    default=DEFAULT_MAX_BYTES / (1024 * 1024),
    show_default=True,
    help="Largest input accepted, in MB.",
)


@click.group()
@click.version_option(package_name="fabula")
def cli() -> None:
    """Read fiction the way an attentive reader does."""


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["summary", "json"]), default="summary",
              show_default=True, help="What to print.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@max_size_option
def analyze(path: str, fmt: str, output: str | None, max_size: float) -> None:
    """Analyse a chapter or work (.txt, .html, .epub, or - for stdin)."""
    doc = analyze_file(path, max_bytes=_max_bytes(max_size))
    rendered = doc.to_json() + "\n" if fmt == "json" else format_summary(doc)
    _emit(rendered, output)


def _emit(rendered: str, output: str | None) -> None:
    if output:
        write_atomic(output, rendered)
    else:
        click.echo(rendered, nl=False)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("fabula: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"fabula: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except FabulaError as exc:
        click.echo(f"fabula: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("fabula: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
        if os.environ.get("FABULA_DEBUG"):
            raise
        click.echo(f"fabula: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(70)
