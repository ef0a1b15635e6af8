"""Hand corrections to the cast and the speakers, kept in a small YAML file.

No automatic attribution is perfect, so a person fixes the cast and the
lines that went to the wrong voice. The file (`file.py`) names characters
and quotations by what a person sees, so it survives re-analysis of an
edited text: whatever no longer matches is skipped with a warning, not an
error. Corrections are evidence (`evidence.py`): the cast is corrected
before the speaker stage and corrected lines are held fixed while the model
infers the rest, so the lines around a fix follow it. `apply.py` applies
them, `write.py` writes a file back, `edit.py` changes corrections as a
review tool does, `starter.py` makes the file `fabula corrections init`
writes.
"""

from .apply import apply_corrections
from .evidence import CorrectedAnalysis, analyze_file_with_corrections, analyze_with_corrections, correct_analysis
from .file import GENDERS, Corrections, SpeakerFix, load_corrections, parse_corrections
from .starter import corrections_from_document, corrections_from_json_file
from .write import format_corrections

__all__ = [
    "GENDERS", "CorrectedAnalysis", "Corrections", "SpeakerFix", "analyze_file_with_corrections",
    "analyze_with_corrections", "apply_corrections", "correct_analysis", "corrections_from_document",
    "corrections_from_json_file", "format_corrections", "load_corrections", "parse_corrections",
]
