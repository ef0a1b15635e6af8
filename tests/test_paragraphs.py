from fabula.stages.paragraphs import find_paragraphs


def texts(text):
    return [text[p.start : p.end] for p in find_paragraphs(text)]


def test_blank_lines_separate_paragraphs_and_spans_are_trimmed():
    assert texts("  One.  \n\n\nTwo\nstill two.\n \nThree.") == ["One.", "Two\nstill two.", "Three."]


def test_one_line_per_paragraph_texts():
    text = "\n".join(f"Line number {i} is a paragraph of its own, long enough to be prose and not wrapped at all here." for i in range(8))
    assert len(texts(text)) == 8


def test_hard_wrapped_text_keeps_lines_together():
    para = "\n".join(["a hard wrapped line of the sort gutenberg makes"] * 5)
    text = "\n\n".join([para] * 3)
    assert len(texts(text)) == 3
