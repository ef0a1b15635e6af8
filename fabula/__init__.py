"""fabula reads fiction the way an attentive reader does.

    >>> import fabula
    >>> doc = fabula.analyze('"Hello," she said.')
    >>> [doc.span_text(q) for q in doc.quotes]
    ['Hello,']
"""

from .errors import FabulaError, InputError
from .model import Document
from .pipeline import analyze, analyze_document, analyze_file

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_file", "analyze_document", "Document", "FabulaError", "InputError"]
