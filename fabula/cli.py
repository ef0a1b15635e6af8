"""The `fabula` command: a thin layer over the library.

Every command is one library call plus formatting. Errors in the input come
back as one line on stderr and a non-zero exit; set FABULA_DEBUG=1 to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import os
import sys

import click

from .corrections import analyze_with_corrections, corrections_from_json_file
from .errors import FabulaError
from .readers import DEFAULT_MAX_BYTES
from .writers import write_atomic
from .writers.script import format_script
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
@click.option("--format", "fmt", type=click.Choice(["summary", "json", "script"]), default="summary",
              show_default=True, help="What to print.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--corrections", "corrections_path", metavar="FILE",
              help="Apply this corrections file (YAML) to the cast and speakers.")
@max_size_option
def analyze(path: str, fmt: str, output: str | None, corrections_path: str | None, max_size: float) -> None:
    """Analyse a chapter or work (.txt, .html, .epub, or - for stdin)."""
    doc = analyze_with_corrections(path, corrections_path, max_bytes=_max_bytes(max_size))
    record = doc.source.get("corrections", {})
    for warning in record.get("warnings", []):
        click.echo(f"fabula: warning: {record['file']}: {warning}", err=True)
    renderers = {"json": lambda d: d.to_json() + "\n", "script": format_script, "summary": format_summary}
    rendered = renderers[fmt](doc)
    _emit(rendered, output)


def _emit(rendered: str, output: str | None) -> None:
    if output:
        write_atomic(output, rendered)
    else:
        click.echo(rendered, nl=False)


@cli.group("eval")
def eval_group() -> None:
    """Measure quotations and speakers against an annotated corpus."""


eval_workers_option = click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                                   help="Texts analysed at once, in worker processes.")
eval_format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                                  show_default=True, help="What to print.")


@eval_group.command("pdnc")
@click.argument("directory")
@click.option("--fold", type=click.Choice(["A", "B"]),
              help="Only this fold's novels (sorted folder names: A even positions, B odd).")
@click.option("--novel", "novels", multiple=True, help="Only this novel folder (repeatable).")
@eval_workers_option
@eval_format_option
def eval_pdnc(directory: str, fold: str | None, novels: tuple[str, ...], workers: int, fmt: str) -> None:
    """Score fabula on PDNC (DIRECTORY holds a folder per novel)."""
    from .evaluate import pdnc

    from .stages.speakers import fold_not_trained_on

    texts = pdnc.select_novels(directory, fold, novels)
    held_out = {name: fold_not_trained_on(name) for name in texts}
    _eval_report("pdnc", pdnc.load_novel, texts, workers, fmt, "novel", held_out)


@eval_group.command("litbank")
@click.argument("directory")
@click.option("--novel", "novels", multiple=True,
              help="Only this text, named as its file without _brat.ann (repeatable).")
@eval_workers_option
@eval_format_option
def eval_litbank(directory: str, novels: tuple[str, ...], workers: int, fmt: str) -> None:
    """Score fabula on LitBank (DIRECTORY holds quotations/tsv and coref/brat)."""
    from .evaluate import litbank

    _eval_report("litbank", litbank.load_text, litbank.select_texts(directory, novels), workers, fmt, "text")


def _eval_report(corpus, load, texts, workers: int, fmt: str, label: str, folds=None) -> None:
    # Imported here so that `fabula analyze` does not pay for the evaluation code.
    from .evaluate import report

    results = report.run(load, texts, workers, folds)
    click.echo(report.format_json(corpus, results) if fmt == "json" else report.format_table(results, label),
               nl=False)


@cli.group("corrections")
def corrections_group() -> None:
    """Hand corrections to the cast and speakers (see --corrections)."""


@corrections_group.command("init")
@click.argument("document")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def corrections_init(document: str, output: str | None) -> None:
    """Write a starter file from analyze's JSON.

    DOCUMENT is the output of `fabula analyze --format json`.
    """
    _emit(corrections_from_json_file(document), output)


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
