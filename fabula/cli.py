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
from .model import Document
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


corrections_option = click.option("--corrections", "corrections_path", metavar="FILE",
                                  help="Apply this corrections file (YAML) to the cast and speakers.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False),
                             help="Write to this file instead of stdout.")


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["summary", "json", "script"]), default="summary",
              show_default=True, help="What to print.")
@output_option
@corrections_option
@max_size_option
def analyze(path: str, fmt: str, output: str | None, corrections_path: str | None, max_size: float) -> None:
    """Analyse a chapter or work (.txt, .html, .epub, or - for stdin)."""
    doc = _analyze(path, corrections_path, max_size)
    renderers = {"json": lambda d: d.to_json() + "\n", "script": format_script, "summary": format_summary}
    rendered = renderers[fmt](doc)
    _emit(rendered, output)


@cli.command()
@click.argument("path")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (.graphml, .gexf or .json) instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]),
              help="Output format  [default: from the -o suffix, else graphml].")
@corrections_option
@max_size_option
def network(path: str, output: str | None, fmt: str | None, corrections_path: str | None, max_size: float) -> None:
    """Write the character network (who speaks to whom, who shares scenes)."""
    # Imported here, as the report below, so that other commands do not pay for networkx.
    from .writers.network import FORMATS as NETWORK_FORMATS
    from .writers.network import format_network

    if fmt is None and output:
        suffix = os.path.splitext(output)[1].lower()
        if suffix not in NETWORK_FORMATS:
            raise FabulaError(f"{output}: unknown network format {suffix or '(no suffix)'!r} "
                              "(use .graphml, .gexf or .json, or --format)")
        fmt = NETWORK_FORMATS[suffix]
    _emit(format_network(_analyze(path, corrections_path, max_size), fmt or "graphml"), output)


@cli.command()
@click.argument("path")
@output_option
@corrections_option
@max_size_option
def report(path: str, output: str | None, corrections_path: str | None, max_size: float) -> None:
    """Write the chapter as one self-contained HTML page to read in a browser."""
    from .writers.report import format_report

    _emit(format_report(_analyze(path, corrections_path, max_size)), output)


def _analyze(path: str, corrections_path: str | None, max_size: float) -> Document:
    doc = analyze_with_corrections(path, corrections_path, max_bytes=_max_bytes(max_size))
    record = doc.source.get("corrections", {})
    for warning in record.get("warnings", []):
        click.echo(f"fabula: warning: {record['file']}: {warning}", err=True)
    return doc


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

    _eval_report("pdnc", pdnc.load_novel, pdnc.select_novels(directory, fold, novels), workers, fmt, "novel")


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


def _eval_report(corpus, load, texts, workers: int, fmt: str, label: str) -> None:
    # Imported here so that `fabula analyze` does not pay for the evaluation code.
    from .evaluate import report

    results = report.run(load, texts, workers)
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
