import fabula
from conftest import EXAMPLE
from fabula.writers.script import format_script
from fabula.writers.summary import format_summary


def test_script_puts_each_line_under_its_speaker_and_leaves_notes_out():
    doc = fabula.analyze_file(EXAMPLE)
    script = format_script(doc)
    names = {c.id: c.name.upper() for c in doc.characters}
    for q in doc.quotes:
        if q.speaker:
            assert f"{names[q.speaker]}" in script
            assert " ".join(doc.span_text(q).split()) in script
    assert "A/N" not in script and "Author's Note" not in script


def test_summary_lists_the_cast_with_gender_and_share():
    doc = fabula.analyze('"Go," said Tomas. "Now," said Tomas.\n\n"No," Mara replied. She frowned.')
    summary = format_summary(doc)
    assert "Cast:" in summary and "Tomas" in summary and "Mara" in summary
    assert "67%" in summary
