"""Measures fabula's quotations and speakers against annotated fiction.

`scoring` holds the measure (shared by every corpus), `pdnc` and `litbank`
read each corpus into gold texts, and `report` runs fabula over a corpus and
formats the figures. The corpora are read from where they lie (by default
`../shared/data`); nothing is copied.

    from fabula.evaluate import pdnc, report
    results = report.run(pdnc.load_novel, pdnc.select_novels(DIR, fold="A"))
    print(report.format_table(results))
"""

from .pdnc import pdnc_folds
from .report import TextResult, format_table, run
from .scoring import Counts, GoldCharacter, GoldQuote, GoldText, normalize_name, score

__all__ = ["Counts", "GoldCharacter", "GoldQuote", "GoldText", "TextResult", "format_table",
           "normalize_name", "pdnc_folds", "run", "score"]
