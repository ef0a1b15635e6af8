"""The headline figures of a corpus output, computed by DuckDB over its parts.

`corpus_stats` reads only committed parts (store.py never shows another), so
it can run while a run is still writing. Dialogue share by gender counts
speech quotations (not thoughts) by the gender of the speaker, joined within
each work on `speaker_id`; quotations without a speaker form their own row.
Words are counted as `fabula.model.count_words` counts them.
"""

from __future__ import annotations

import json
import os

from ..errors import FabulaError
from .database import create_views, ensure_database
from .store import is_corpus_output

_WORDS = r"[\pL\pN_]+(?:['’][\pL\pN_]+)*"


def corpus_stats(out_dir: str | os.PathLike, top: int = 10) -> dict:
    """Totals, top speakers and dialogue by gender for a corpus output."""
    import duckdb

    if not is_corpus_output(out_dir):
        raise FabulaError(f"{out_dir}: not a fabula corpus output (made by `fabula corpus run`)")
    try:
        ensure_database(out_dir)  # repoint the views if OUT_DIR has moved
    except OSError:
        pass  # a read-only copy: the figures below do not need the file
    with duckdb.connect() as con:
        create_views(con, out_dir)
        totals = _one(con, """
            SELECT (SELECT count(*) FROM works) AS works,
                   (SELECT count(*) FROM errors) AS failed,
                   (SELECT coalesce(sum(words), 0) FROM works) AS words,
                   (SELECT coalesce(sum(story_words), 0) FROM works) AS story_words,
                   (SELECT coalesce(sum(chapters), 0) FROM works) AS chapters,
                   (SELECT count(*) FROM characters) AS characters,
                   (SELECT count(*) FROM quotes) AS quotes,
                   (SELECT count(*) FROM quotes WHERE kind = 'speech') AS speech,
                   (SELECT count(*) FROM quotes WHERE speaker IS NOT NULL) AS attributed""")
        speakers = _all(con, """
            SELECT speaker AS name, count(DISTINCT work_id) AS works, count(*) AS lines
            FROM quotes WHERE speaker IS NOT NULL
            GROUP BY speaker ORDER BY lines DESC, works DESC, name LIMIT ?""", [top])
        genders = _all(con, """
            WITH speech AS (
                SELECT q.work_id, q.speaker_id, len(regexp_extract_all(q.text, ?)) AS words,
                       CASE WHEN q.speaker_id IS NULL THEN '(no speaker)' ELSE coalesce(c.gender, 'unknown') END
                           AS gender
                FROM quotes q LEFT JOIN characters c
                  ON c.work_id = q.work_id AND c.character_id = q.speaker_id
                WHERE q.kind = 'speech')
            SELECT gender, count(DISTINCT (work_id, speaker_id)) FILTER (WHERE speaker_id IS NOT NULL)
                       AS speakers,
                   count(*) AS lines, count(*) / sum(count(*)) OVER () AS line_share,
                   sum(words) AS words, coalesce(sum(words) / nullif(sum(sum(words)) OVER (), 0), 0) AS word_share
            FROM speech GROUP BY gender ORDER BY lines DESC, gender""", [_WORDS])
        errors = _all(con, "SELECT error, count(*) AS works FROM errors GROUP BY error "
                           "ORDER BY works DESC, error LIMIT ?", [top])
    return {"out_dir": str(out_dir), "totals": totals, "top_speakers": speakers,
            "dialogue_by_gender": genders, "errors": errors}


def _one(con, sql: str, params: list | None = None) -> dict:
    return _all(con, sql, params)[0]


def _all(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, (_plain(v) for v in row))) for row in cursor.fetchall()]


def _plain(value):
    # DuckDB sums come back as Decimal or HUGEINT-backed ints; JSON wants int/float.
    if value is None or isinstance(value, (str, bool, int)):
        return value
    number = float(value)
    return int(number) if number.is_integer() and not isinstance(value, float) else number


def format_stats(stats: dict) -> str:
    t = stats["totals"]
    attributed = t["attributed"] / t["quotes"] if t["quotes"] else 0.0
    lines = [
        f"Corpus:      {stats['out_dir']}",
        f"Works:       {t['works']:,} analysed, {t['failed']:,} failed",
        f"Words:       {t['words']:,} ({t['story_words']:,} of story)",
        f"Chapters:    {t['chapters']:,}",
        f"Characters:  {t['characters']:,}",
        f"Quotations:  {t['quotes']:,} ({t['speech']:,} speech, {t['quotes'] - t['speech']:,} thought; "
        f"{attributed:.0%} with a speaker)",
    ]
    if stats["top_speakers"]:
        lines += ["", "Top speakers"]
        lines += _table(["name", "works", "lines"],
                        [[s["name"], f"{s['works']:,}", f"{s['lines']:,}"] for s in stats["top_speakers"]])
    if stats["dialogue_by_gender"]:
        lines += ["", "Dialogue by gender of the speaker (speech only)"]
        lines += _table(["gender", "speakers", "lines", "share", "words", "share"],
                        [[g["gender"], f"{g['speakers']:,}", f"{g['lines']:,}", f"{g['line_share']:.1%}",
                          f"{g['words']:,}", f"{g['word_share']:.1%}"] for g in stats["dialogue_by_gender"]])
    if stats["errors"]:
        lines += ["", "Errors"]
        lines += _table(["error", "works"], [[e["error"], f"{e['works']:,}"] for e in stats["errors"]])
    return "\n".join(lines) + "\n"


def format_stats_json(stats: dict) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    cells = [header, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for row in cells:
        first = f"  {row[0]:<{widths[0]}}"
        rest = "".join(f"  {cell:>{w}}" for cell, w in zip(row[1:], widths[1:]))
        out.append((first + rest).rstrip())
    return out

