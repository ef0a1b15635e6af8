import os

import fabula
from conftest import EXAMPLE
from fabula.writers import write_atomic
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


def test_script_prints_a_speech_over_several_paragraphs_once():
    doc = fabula.analyze('"It began at dawn," said Tomas. "We ran.\n\n"Nobody looked back."\n\nMara nodded.')
    script = format_script(doc)
    assert script.count("Nobody looked back") == 1
    assert "Mara nodded." in script


def test_summary_lists_the_cast_with_gender_and_share():
    doc = fabula.analyze('"Go," said Tomas. "Now," said Tomas.\n\n"No," Mara replied. She frowned.')
    summary = format_summary(doc)
    assert "Cast:" in summary and "Tomas" in summary and "Mara" in summary
    assert "67%" in summary


def test_summary_counts_each_kind_of_quotation():
    chat = "\n".join(f"**{n}**:{t}" for n, t in [("Kirk", "Report."), ("Spock", "Nothing."), ("Kirk", "Fine."),
                                                 ("Spock", "Yes."), ("Kirk", "Go.")])
    assert "Quotations: 5 (0 speech, 0 thought, 5 message)" in format_summary(fabula.analyze(chat))
    assert "Quotations: 1 (1 speech, 0 thought)\n" in format_summary(fabula.analyze('"Go," said Tomas.'))


def test_written_files_get_the_usual_mode_or_keep_their_own(tmp_path):
    old_umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        (tmp_path / "kept.txt").write_text("old")
        (tmp_path / "kept.txt").chmod(0o600)
        write_atomic(tmp_path / "kept.txt", "new")
        assert (tmp_path / "kept.txt").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "kept.txt").read_text() == "new"
    finally:
        os.umask(old_umask)
