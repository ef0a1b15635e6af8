"""The `fabula` command: a thin layer over the library.

Every command is one library call plus formatting. Errors in the input come
back as one line on stderr and a non-zero exit; set FABULA_DEBUG=1 to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import os
import sys

import click

from .cast_list import load_cast_list
from .corrections import Corrections, analyze_file_with_corrections, corrections_from_json_file, load_corrections
from .errors import FabulaError
from .model import Document
from .readers import DEFAULT_MAX_BYTES
from .writers import write_atomic
from .writers.audiobook import audiobook_segments, write_audiobook
from .writers.casting import cast_voices
from .writers.fountain import format_fountain
from .writers.script import format_script
from .writers.speech import find_espeak, render_audiobook
from .writers.summary import format_summary
from .writers.table import format_csv


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
cast_option = click.option("--cast", "cast_path", metavar="FILE",
                           help="Characters known beforehand: one per line, 'Name | Other name' for aliases.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False),
                             help="Write to this file instead of stdout.")


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["summary", "json", "script", "csv"]), default="summary",
              show_default=True, help="What to print (csv: one row per quotation).")
@output_option
@corrections_option
@cast_option
@max_size_option
def analyze(path: str, fmt: str, output: str | None, corrections_path: str | None, cast_path: str | None,
            max_size: float) -> None:
    """Analyse a chapter or work (.txt, .html, .epub, or - for stdin)."""
    doc = _analyze(path, corrections_path, max_size, cast_path)
    renderers = {"json": lambda d: d.to_json() + "\n", "script": format_script, "summary": format_summary,
                 "csv": format_csv}
    _emit(renderers[fmt](doc), output)


@cli.command()
@click.argument("path")
@output_option
@corrections_option
@cast_option
@max_size_option
def script(path: str, output: str | None, corrections_path: str | None, cast_path: str | None,
            max_size: float) -> None:
    """Write a chapter or work as a Fountain screenplay."""
    _emit(format_fountain(_analyze(path, corrections_path, max_size, cast_path)), output)


@cli.command()
@click.argument("path")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (.graphml, .gexf or .json) instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]),
              help="Output format  [default: from the -o suffix, else graphml].")
@corrections_option
@cast_option
@max_size_option
def network(path: str, output: str | None, fmt: str | None, corrections_path: str | None, cast_path: str | None,
            max_size: float) -> None:
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
    _emit(format_network(_analyze(path, corrections_path, max_size, cast_path), fmt or "graphml"), output)


@cli.command()
@click.argument("path")
@click.option("-o", "--output", "directory", metavar="DIR",
              help="Write segments.jsonl, audiobook.ssml and voices.json here (an edited voices.json is kept).")
@click.option("--render", "wav", metavar="FILE", help="Speak it into this WAV file with espeak-ng.")
@corrections_option
@cast_option
@max_size_option
def audiobook(path: str, directory: str | None, wav: str | None, corrections_path: str | None,
              cast_path: str | None, max_size: float) -> None:
    """Write a chapter or work as a multi-voice audiobook script, and render it."""
    if not directory and not wav:
        raise click.UsageError("give -o DIR for the script, --render FILE for audio, or both")
    if wav:
        find_espeak(wav)  # before the analysis, not after
    doc, corrections = _analyze_corrected(path, corrections_path, max_size, cast_path)
    chosen = dict(corrections.voices) if corrections else None
    if directory:
        segments, casting = write_audiobook(doc, directory, chosen)
        cast = ", ".join(casting.characters) or "nobody yet"
        click.echo(f"{directory}: {len(segments)} segments; voices.json casts {cast}")
    else:
        segments = audiobook_segments(doc, cast_voices(doc, chosen=chosen))
    if wav:
        rendered = render_audiobook(segments, wav)
        minutes, seconds = divmod(round(rendered.seconds), 60)
        click.echo(f"{wav}: {minutes}:{seconds:02d} of audio, {len(segments)} segments")


@cli.command()
@click.argument("path")
@output_option
@corrections_option
@cast_option
@max_size_option
def report(path: str, output: str | None, corrections_path: str | None, cast_path: str | None,
            max_size: float) -> None:
    """Write the chapter as one self-contained HTML page to read in a browser."""
    from .writers.report import format_report

    _emit(format_report(_analyze(path, corrections_path, max_size, cast_path)), output)


def _analyze(path: str, corrections_path: str | None, max_size: float, cast_path: str | None) -> Document:
    return _analyze_corrected(path, corrections_path, max_size, cast_path)[0]


def _analyze_corrected(path: str, corrections_path: str | None, max_size: float,
                       cast_path: str | None) -> tuple[Document, Corrections | None]:
    # Load first: a typo in the corrections should not cost a whole analysis.
    corrections = load_corrections(corrections_path) if corrections_path is not None else None
    cast = load_cast_list(cast_path) if cast_path is not None else ()
    doc = analyze_file_with_corrections(path, corrections, _max_bytes(max_size), cast)
    _warn(doc)
    return doc, corrections


def _warn(doc: Document) -> None:
    record = doc.source.get("corrections", {})
    for warning in record.get("warnings", []):
        click.echo(f"fabula: warning: {record['file']}: {warning}", err=True)


def _emit(rendered: str, output: str | None) -> None:
    if output:
        write_atomic(output, rendered)
    else:
        click.echo(rendered, nl=False)


@cli.command()
@click.argument("path")
@click.option("--corrections", "corrections_path", metavar="FILE",
              help="The corrections file to read and save every edit to  [default: PATH's name .corrections.yaml].")
@cast_option
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening it in a browser.")
@click.option("-o", "--output", metavar="DIR", help="Folder for exports  [default: PATH's name -fabula beside it].")
@max_size_option
def studio(path: str, corrections_path: str | None, cast_path: str | None, port: int, no_browser: bool,
           output: str | None, max_size: float) -> None:
    """Fix the cast and the speakers by hand in a browser; every edit is saved at once."""
    import webbrowser

    from .studio.server import StudioServer
    from .studio.session import Session

    if path == "-":
        raise click.UsageError("the studio needs a file (it saves corrections beside it), not standard input")
    session = Session(path, corrections_path, cast_path, _max_bytes(max_size), output)
    for warning in session.warnings():
        click.echo(f"fabula: warning: {session.corrections_path}: {warning}", err=True)
    server = StudioServer(session, port)
    click.echo(f"fabula studio: {server.url}")
    click.echo(f"Edits are saved to {session.corrections_path}; exports go to {session.output}/. Ctrl-C stops.")
    sys.stdout.flush()
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(f"fabula studio: stopped; every edit is in {session.corrections_path}")
    finally:
        server.server_close()


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
    _eval_report("pdnc", directory, pdnc.load_novel, texts, workers, fmt, "novel", held_out)


@eval_group.command("litbank")
@click.argument("directory")
@click.option("--novel", "novels", multiple=True,
              help="Only this text, named as its file without _brat.ann (repeatable).")
@eval_workers_option
@eval_format_option
def eval_litbank(directory: str, novels: tuple[str, ...], workers: int, fmt: str) -> None:
    """Score fabula on LitBank (DIRECTORY holds quotations/tsv and coref/brat)."""
    from .evaluate import litbank

    from .stages.speakers import fold_not_trained_on

    texts = litbank.select_texts(directory, novels)
    held_out = {name: fold_not_trained_on(name) for name in texts}
    _eval_report("litbank", directory, litbank.load_text, texts, workers, fmt, "text", held_out)


@eval_group.command("fanfic")
@click.argument("directory")
@click.option("--chapter", "chapters", multiple=True, help="Only this chapter, named as its file without .txt (repeatable).")
@click.option("--errors", is_flag=True,
              help="Also list what went wrong in each cast (not for a blind split: its errors stay unread).")
@eval_workers_option
@eval_format_option
def eval_fanfic(directory: str, chapters: tuple[str, ...], errors: bool, workers: int, fmt: str) -> None:
    """Score fabula on annotated chapters (DIRECTORY holds NAME.txt beside
    NAME.gold.json, or one such folder per split: train, dev, blind)."""
    from .evaluate import fanfic, report
    from .stages.speakers import fold_not_trained_on

    splits = fanfic.select_splits(directory, chapters)
    results = {split: report.run(fanfic.load_chapter, texts, workers,
                                 {name: fold_not_trained_on(name) for name in texts})
               for split, texts in splits.items()}
    if fmt == "json":
        click.echo(report.format_fanfic_json(results, errors), nl=False)
    else:
        click.echo(report.format_fanfic(results, errors), nl=False)
    _fail_if_any(directory, [r for split_results in results.values() for r in split_results], "chapter")


def _eval_report(corpus, directory: str, load, texts, workers: int, fmt: str, label: str, folds=None) -> None:
    # Imported here so that `fabula analyze` does not pay for the evaluation code.
    from .evaluate import report

    results = report.run(load, texts, workers, folds)
    if fmt == "json":
        rendered = report.format_json(corpus, results)
    else:
        rendered = report.format_table(results, label)
    click.echo(rendered, nl=False)
    _fail_if_any(directory, results, label)


def _fail_if_any(directory: str, results, label: str) -> None:
    # The figures of the rest stand, but a run that skipped a text is not a clean run.
    failed = [r.name for r in results if r.error]
    if failed:
        raise FabulaError(f"{directory}: {len(failed)} of {len(results)} {label}{'s' * (len(results) != 1)} "
                          f"failed ({', '.join(failed)}; see the error rows)")


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


@cli.group("corpus")
def corpus_group() -> None:
    """Whole archives: analyse a corpus into Parquet tables and DuckDB."""


@corpus_group.command("run")
@click.argument("input_path", metavar="INPUT")
@click.argument("out_dir")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes  [default: every core].")
@click.option("--cluster", metavar="tcp://HOST:PORT", help="Run on this Dask scheduler instead of local cores.")
@click.option("--text-column", default="text", show_default=True, help="JSONL/Parquet column holding the text.")
@click.option("--id-column", help="JSONL/Parquet column holding the work id  [default: work_id, else id].")
@click.option("--with-text", is_flag=True, help="Keep each work's text in works.text.")
@click.option("--retry-failed", is_flag=True, help="Analyse works that failed in earlier runs again.")
@click.option("--commit-every", type=click.IntRange(min=1), default=500, show_default=True,
              help="Works per committed batch (a batch is also committed every 10 s).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=600, show_default=True,
              metavar="SECONDS", help="Give up on a work after this long and record it in errors.")
@max_size_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def corpus_run(input_path: str, out_dir: str, workers: int | None, cluster: str | None, text_column: str,
               id_column: str | None, with_text: bool, retry_failed: bool, commit_every: int, timeout: float,
               max_size: float, quiet: bool) -> None:
    """Analyse every work in INPUT into tables in OUT_DIR (resumable).

    INPUT is a directory tree of .txt/.html/.epub works, or a .jsonl or
    .parquet file with a work per row. Running it again resumes: finished
    works are skipped.
    """
    from .corpus import run_corpus
    from .corpus.run import format_run_summary

    try:
        summary = run_corpus(input_path, out_dir, workers=workers, cluster=cluster, text_column=text_column,
                             id_column=id_column, with_text=with_text, retry_failed=retry_failed,
                             max_bytes=_max_bytes(max_size), commit_every=commit_every, timeout=timeout,
                             progress=not quiet and sys.stderr.isatty())
    except KeyboardInterrupt:
        click.echo(f"fabula: interrupted; finished works are saved in {out_dir}: "
                   "run the same command again to resume", err=True)
        sys.exit(130)
    click.echo(format_run_summary(summary, input_path, cluster, workers), nl=False)
    if summary.failed_total:
        raise FabulaError(f"{out_dir}: {summary.failed_total:,} work{'s' * (summary.failed_total != 1)} "
                          "failed (see the errors table)")


@corpus_group.command("stats")
@click.argument("out_dir")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Speakers and errors listed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="What to print.")
def corpus_stats_command(out_dir: str, top: int, fmt: str) -> None:
    """Headline figures of a corpus run's OUT_DIR."""
    from .corpus import corpus_stats
    from .corpus.stats import format_stats, format_stats_json

    stats = corpus_stats(out_dir, top=top)
    click.echo(format_stats_json(stats) if fmt == "json" else format_stats(stats), nl=False)


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
