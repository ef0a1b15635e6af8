import fabula

CAST = "Mara and Tomas stood at the gate. Mara frowned. She was angry. Tomas waited. He was calm.\n\n"


def flagged(text):
    doc = fabula.analyze(CAST + text)
    return [doc.span_text(q) for q in doc.quotes if q.flashback]


def test_back_to_back_quotation_with_its_own_tag_is_recalled():
    assert flagged('Mara sighed. "I am going now." "Stay with me," he told her.') == ["Stay with me,"]


def test_second_tagged_voice_in_one_paragraph_is_recalled():
    assert flagged('"This is your home," Tomas insisted. "It is not," she cried out.') == ["It is not,"]


def test_ordinary_dialogue_is_not_flagged():
    assert flagged('"I am going," said Mara. "Now."\n\n"Stay," said Tomas.\n\n"No," she said.') == []


def test_seed_chapter_recalled_lines(seed_text):
    doc = fabula.analyze(seed_text)
    recalled = [doc.span_text(q) for q in doc.quotes if q.flashback]
    assert len(recalled) == 3
    assert all(q.speaker for q in doc.quotes if q.flashback)
