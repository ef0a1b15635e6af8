"""Where the story writes a run of capitalised words, and the *name key*
each run is cleaned into.

A run of capitalised words (with a title, name particles such as "van der",
honorific suffixes, possessives, stutters) is cleaned into a key:
"Naruto-kun's" and "NARUTO" are the key `naruto`, "C-Cody" is `cody`,
"Mr. van der Luyden" is `mr van der luyden`. A dash (not a hyphen) cuts a
run in two, and so does a title inside it. Edge words of a run that are
ordinary words are trimmed off it ("Poor Obi-Wan", "Turning Paige"), judged
by how the story itself writes them and by the everyday words of
`common_words`. `display_form` turns a key's written forms back into a name
to show.

Works on `typography.plain` text, so curly and straight typography read
alike, and for any script with capital letters. What the words around each
run show is `name_evidence.py`'s to read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

from ..lexicon import HONORIFICS, KIN_NAMES, NOT_NAMES, TITLES

_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Rev|M|Prof|Capt|Lt|Sgt|Col|Gen)\.?|(?:" + "|".join(
    sorted({t.rstrip(".").capitalize() for t in TITLES if not t.endswith(".")}, key=len, reverse=True)
) + r"))(?=\s)"
# A word may carry numbers after a hyphen: designations ("CT-7567", "CC-2224").
# Or a name cut short to its initial and a dash ("G- is unflappable"),
# which a stammer is not ("N- no", "I- I think").
_WORD = r"(?:(?!I-)[A-Z]-(?=[\s'’.,;:!?)]|$)|[A-Z](?:[^\W_]|'(?=[^\W_]))*(?:-[^\W_]+)*)"
_STAMMER = re.compile(r"\s+(\w)")
_PARTICLE = r"(?:van|von|der|den|de|du|da|di|del|della|le|la|ten|ter|bin|ibn|al|el)"
_GAP = r"[ \t]+"
# A run of capitalised words, with an optional title and name particles between
# them. In hard-wrapped text a line that ends on a name and a line that opens
# on a capital ("Newland Archer\nNew York society") are two things; a run
# reaches across the break only from a title ("Mr.\nDarcy") or to a last word
# that the punctuation ends ("Master John\nRolfe, was without").
_RUN = re.compile(
    rf"(?=[A-Z])(?:{_TITLE}[ \t]*\n?[ \t]*(?:{_PARTICLE}\s+)*)?{_WORD}(?:{_GAP}(?:{_PARTICLE}[ \t]+)*{_WORD})*"
    rf"(?:[ \t]*\n[ \t]*{_WORD}(?=[,;:.!?]))?"
)
_RUN_WORD = re.compile(rf"{_WORD}|{_TITLE}|{_PARTICLE}")
# A word in lower case (the look behind after the letter: cheaper than before it).
LOWER_WORD = re.compile(r"[a-z](?<![\w'-][a-z])[a-z']*(?:-[a-z]+)*")
_VERB_CONTRACTION = re.compile(r"n't$|^I'[a-z]", re.I)
_CONTRACTION = re.compile(r"'(?:s|m|ll|re|ve|d|t)$", re.I)
_STUTTER = re.compile(r"^([^\W\d_]{1,2})-(?=([^\W\d_]+))")
_VOWEL = re.compile(r"[aeiouyAEIOUY\u00c0-\u024f\u0370-\u1fff\u3040-\uffff]")
_SENTENCE_END = frozenset(".!?:;")
_DASH = re.compile("[\u2012\u2013\u2014\u2015]")
_OPENING = ' \t\n"(['
# Interjections and the like that never name anyone (an ordinary-word test
# covers the rest); modal verbs are names only on strong evidence ("Will said").
# Function words that no name holds, however capitalised ("The Uzumaki").
_NEVER_IN_NAMES = frozenset({"i", "o", "the", "a", "an", "and", "or", "but", "of"})
_NAME_LIKE_WORDS = frozenset({"will", "may", "june", "april", "august", "dawn", "hope", "grace", "faith", "joy"})


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Everyday English words (`scripts/build_common_words.py`)."""
    return frozenset(files("fabula").joinpath("data", "common_words.txt").read_text(encoding="utf-8").split())


@dataclass
class Runs:
    """The story's capitalised runs, cut into pieces, and the word counts
    that tell a name's words from ordinary ones."""

    pieces: list[tuple[list[tuple[str, int, int]], bool]]  # the words (word, start, end); whether they open a sentence
    lower: Counter  # lower-case words of the story
    caps_mid: Counter  # capitalised words away from sentence starts
    surnames: set[str]  # words the text puts after a title ("Mr Last")
    opening: dict[int, bool]  # by a piece's start: whether a sentence may open there
    mid_runs: set[str]  # keys of runs of two or more words written away from a sentence start

    trimmed: dict = field(default_factory=dict, repr=False)  # (words, opening, known) -> the slice kept

    def trim(self, words: list[tuple[str, int, int]], known: frozenset[str]) -> list[tuple[str, int, int]]:
        """The words of a piece that are a name's (see `_trim`); `known` keys are names wherever they stand."""
        # The same few pieces ("She", "The", "Mr. Knightley") come again and
        # again, and what is kept depends on their words alone.
        opening = self.opening[words[0][1]]
        key = (tuple(w for w, _, _ in words), opening, known)
        kept = self.trimmed.get(key)
        if kept is None:
            trimmed = _trim(words, opening, self.lower, self.caps_mid, known, self.surnames, self.mid_runs)
            lo = words.index(trimmed[0]) if trimmed else 0
            kept = self.trimmed[key] = (lo, lo + len(trimmed))
        return words[kept[0] : kept[1]]


def find_runs(text: str, plain: str, story: Sequence[tuple[int, int]]) -> Runs:
    """Every run of capitalised words in the story's spans of `plain`, cut
    into pieces where `text` has a dash or a title, and the words the story
    writes in lower case and capitalised mid-sentence."""
    lower: Counter = Counter()
    runs = []
    for start, end in story:
        lower.update(LOWER_WORD.findall(plain, start, end))
        runs.extend(_RUN.finditer(plain, start, end))
    caps_mid: Counter = Counter()
    pieces = []
    for m in runs:
        for words in _pieces(text, m):
            initial = _sentence_initial(plain, words[0][1])
            for i, (token, _, _) in enumerate(words):
                if not (initial and i == 0) and not token.isupper():
                    caps_mid[token_key(token)[0]] += 1
            pieces.append((words, initial))
    surnames = {token_key(words[i + 1][0])[0] for words, _ in pieces for i in range(len(words) - 1)
                if words[i][0].lower().rstrip(".") in TITLES}
    # Runs of two or more words seen away from a sentence start ("said All
    # Might"): where the same run opens a sentence, its first word is the
    # name's too, however ordinary ("All Might grinned").
    opening = {words[0][1]: initial or _after_sentence(plain, words[0][1]) for words, initial in pieces}
    mid_runs = {run_key(" ".join(w for w, _, _ in words))[0] for words, _ in pieces
                if len(words) > 1 and not opening[words[0][1]]}
    return Runs(pieces, lower, caps_mid, surnames, opening, mid_runs)


def run_key(form: str) -> tuple[str, bool]:
    """The name key of a form as written, and whether it had an honorific:
    "Naruto-kun's" -> ("naruto", True), "C-Cody" -> ("cody", False)."""
    tokens, honorific = [], False
    for word in form.split():
        key, had = token_key(word)
        honorific |= had
        if key:
            tokens.append(key)
    return " ".join(tokens), honorific


@lru_cache(maxsize=1 << 16)  # the same few thousand words, read again and again
def token_key(word: str) -> tuple[str, bool]:
    """The name key of one word as written, and whether it had an
    honorific (see `run_key`)."""
    if _VERB_CONTRACTION.search(word):
        return "", False  # "Don't", "I'm-I'm": a verb, however capitalised
    word = _CONTRACTION.sub("", word.rstrip("'"))
    stutter = _STUTTER.match(word)
    if stutter and (stutter.group(2).lower().startswith(stutter.group(1).lower()) or stutter.group(1) == "I"):
        word = word[stutter.end() :]  # "C-Cody", "I-I", "I-fuck": a stammer or a false start
    head, _, tail = word.rpartition("-")
    honorific = bool(head) and tail.lower() in HONORIFICS
    if honorific:
        word = head
    return word.lower().rstrip("."), honorific


def _pieces(text: str, m: re.Match) -> list[list[tuple[str, int, int]]]:
    """The words of a run, (word, start, end), cut where the text has a dash
    rather than a hyphen ("Asuka—Satoru" is two names, "Obi-Wan" one), or a
    line break after a word in capitals."""
    first = _RUN_WORD.match(m.string, m.start(), m.end())
    if first.end() == m.end() and (len(first.group()) != 2 or first.group()[1] != "-") \
            and not _DASH.search(text, m.start(), m.end()):
        return [[(first.group(), m.start(), m.end())]]  # one plain word, as most runs are ("She", "Emma")
    pieces: list[list[tuple[str, int, int]]] = [[]]
    for w in _RUN_WORD.finditer(m.string, m.start(), m.end()):
        if len(w.group()) == 2 and w.group()[1] == "-":
            after = _STAMMER.match(m.string, w.end())
            if after and after.group(1).lower() == w.group()[0].lower():
                continue  # "N- no": a stammer
            # A name of its own, not a part of the next one's ("My L- Emmanellain": cut off).
            pieces.extend([[(w.group(), w.start(), w.end())], []])
            continue
        if pieces[-1] and w.group().lower().rstrip(".") in TITLES:
            pieces.append([])  # "Mr. Hastings Miss Howard": a title starts another name
        elif pieces[-1] and pieces[-1][-1][0].isupper() and "\n" in m.string[pieces[-1][-1][2] : w.start()]:
            pieces.append([])  # a script's cue ("MCCOY\nOh, here we go."): the line is its speech
        start = w.start()
        for dash in _DASH.finditer(text, w.start(), w.end()):
            i = dash.start()
            if i > start:
                pieces[-1].append((m.string[start:i], start, i))
            pieces.append([])
            start = i + 1
        if w.end() > start:
            pieces[-1].append((m.string[start : w.end()], start, w.end()))
    return [p for p in pieces if p]


def _trim(words, initial: bool, lower: Counter, caps_mid: Counter, known: frozenset[str], surnames: set[str],
          mid_runs: set[str]):
    """Drop the words at either edge of a run that are not part of a name:
    function words, -ly openers ("Finally Sakura"), ordinary words ("Poor
    Obi-Wan", "Head Auror"), dangling particles. A word the text puts after
    a title ("Mr Last") is a surname wherever it stands ("Tony Last"). A
    function word capitalised away from a sentence start is the name's
    ("said Taun We"), and so is the first word of a run the text also
    writes away from a sentence start ("All Might grinned"). A run all of
    everyday words, away from a sentence start, is kept whole ("said All
    Might"): apart, each word is ordinary; together, they are a name."""
    whole = run_key(" ".join(w for w, _, _ in words))[0]
    if initial and len(words) > 1 and whole in mid_runs:
        initial = False

    def ordinary(word: str, edge: str, opening: bool) -> bool:
        key = token_key(word)[0]
        if not key:
            return True  # "I'm Akimichi Choji": a verb's contraction
        if key in known or key in surnames:
            return False
        if key in NOT_NAMES and key not in TITLES:
            return opening or key in _NEVER_IN_NAMES or len(words) == 1
        if edge == "left" and (key.endswith("ly") or key.endswith("ing")) and len(key) > 4:
            return True
        if re.fullmatch(_PARTICLE, word):
            return True
        # "Laps, tomorrow": the plural of an everyday word is one too.
        everyday = key in common_words() or (key.endswith("s") and key[:-1] in common_words())
        return (lower[key] > 0 and lower[key] >= caps_mid[key]) or (everyday and lower[key] + 1 >= caps_mid[key])

    whole = whole if len(whole.split()) == len(words) > 1 else ""  # every word a name's word ("I'm Merlin" is not)
    if whole and whole in known:
        return words  # a cast list's name, or a speech tag's subject: "Present Mic says"
    if whole and not initial and whole in mid_runs \
            and all(token_key(w)[0] in NOT_NAMES or ordinary(w, "left", False) for w, _, _ in words) \
            and not any(token_key(w)[0] in _NEVER_IN_NAMES or w.lower().rstrip(".") in TITLES for w, _, _ in words):
        return words  # everyday words that make a name together, away from a sentence start: "said All Might"
    while words and ordinary(words[0][0], "left", initial) and words[0][0].lower().rstrip(".") not in TITLES:
        words = words[1:]
        initial = False
    while words and (ordinary(words[-1][0], "right", initial and len(words) == 1)
                     or words[-1][0].lower().rstrip(".") in TITLES):
        words = words[:-1]
    if len(words) == 1 and words[0][0].lower().rstrip(".") in TITLES:
        return []
    return words


def never_a_name(key: str, written: str, known: frozenset[str]) -> bool:
    """Whether a key names no one whatever its evidence (a title, an
    everyday word alone, a role, kin, a sound, a plural), unless `known`."""
    if key in known:
        return False
    tokens = key.split()
    last = tokens[-1]
    if last in TITLES or (len(tokens) == 1 and last in NOT_NAMES and last not in _NAME_LIKE_WORDS):
        return True
    if len(tokens) == 1 and (len(last) < 2 or last in HONORIFICS or last in KIN_NAMES):
        return True  # "O"; "Sensei" and "Mom" are a role and kin
    if len(tokens) == 1 and not _VOWEL.search(last) and not _initials(written) and not any(c.isdigit() for c in last) \
            and not last.endswith("-"):
        return True  # "Mm", "Shh" (not "JC", nor "CT-7567")
    if last.endswith("s") and last[:-1] in NOT_NAMES:
        return True  # "Fridays"
    return False


def shouted(words: list[tuple[str, int, int]]) -> bool:
    """Whether a name is written all in capitals (its title aside), not as
    initials."""
    return all(w.isupper() and len(_letters(w)) > 1 and not _initials(w)
               for w, _, _ in words if w.lower() not in TITLES)


def _initials(word: str) -> bool:
    """Two or three capitals that spell no word: initials ("JC", "AJ") or a
    designation's letters ("CT-7567"), not shouting."""
    letters = _letters(word)
    return 2 <= len(letters) <= 3 and letters.isupper() and letters.lower() not in NOT_NAMES \
        and letters.lower() not in common_words()


def display_form(written: Counter) -> str:
    """The commonest of a name key's written forms (`NameEvidence.written`),
    as a name: without honorific or possessive, shouting turned to
    capitalised words."""
    counts: Counter = Counter()
    for form, n in written.items():
        words = []
        for word in form.split():
            bare = _CONTRACTION.sub("", word.replace("\u2019", "'").rstrip("'"))
            stutter = _STUTTER.match(bare)
            if stutter and stutter.group(2).lower().startswith(stutter.group(1).lower()):
                bare = bare[stutter.end() :]
            head, _, tail = bare.rpartition("-")
            if head and tail.lower() in HONORIFICS:
                bare = head
            words.append(bare)
        shouted = all(w.isupper() and len(w) > 1 and not _initials(w) for w in words
                      if w.lower().rstrip(".") not in TITLES)
        counts[(" ".join(words), shouted)] += n
    unshouted = [(f, n) for (f, s), n in counts.items() if not s]
    if unshouted:
        return max(unshouted, key=lambda fn: (fn[1], fn[0]))[0]
    form = max(counts, key=counts.get)[0]
    return " ".join(w if w.lower().rstrip(".") in TITLES else w.capitalize() for w in form.split())


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _after_sentence(plain: str, i: int) -> bool:
    """Whether a sentence may have ended before i: past spaces and quotation
    marks, a full stop, question or exclamation mark, colon, a line break or
    the start ('"Okay." When Satoru…'). A tag's subject stands there too
    ('"Stop!" Mara said'), so this is only where a function word opens a
    sentence rather than a name."""
    j = i - 1
    while j >= 0 and plain[j] in ' \t"\'(':
        j -= 1
    return j < 0 or plain[j] in _SENTENCE_END or plain[j] == "\n"


def _sentence_initial(plain: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and plain[j] in _OPENING:
        if plain[j] == '"' and j > 0 and plain[j - 1] in ",!?-.":
            return False  # after a closing mark: "No," Mara replied
        if plain[j] == '"' or (plain[j] == "\n" and j > 0 and plain[j - 1] == "\n"):
            return True
        j -= 1
    return j < 0 or plain[j] in _SENTENCE_END or plain[j] == "-"
