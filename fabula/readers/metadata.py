"""Work metadata as sites and downloaders write it, into a `WorkMetadata`.

`Fields` collects values under WorkMetadata's field names. Layouts give it
values where the markup already says what they are (an AO3 `dd.fandom` list,
a FanFiction.net stats line) and labelled text ("Rating: Mature", "Words:
3,419", "Chapters: 41/?") where a tool writes labels; `add_labelled` knows
the labels of AO3, FanFiction.net, FanFicFare and FicHub and their common
variants, and leaves other labels alone (they stay in the metadata paratext
as text). The first value given for a field wins, so a layout gives the most
specific source first.

Values are typed as WorkMetadata wants them: lists split on commas, counts
as integers (`1,544` → 1544), dates as `datetime.date` (ISO `2019-06-09`,
FanFiction.net's `11-06-12` month-day-year, `Nov 6, 2012`, a Unix time),
chapters as posted and total (`41/?` → 41 and unknown), status as
"complete" or "in-progress". A category list holds AO3's fixed categories
(F/F, M/M, Gen…); FanFicFare writes fandoms under "Category" and categories
among its "Genre" tags, so values are sorted into fields by that vocabulary.
FanFiction.net's genres (Romance, Hurt/Comfort…) are kept as additional tags.
A title (`work_title`) is one line without the site's name a page's
`<title>` adds after it, and no title at all when it is too long to be one.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

from ..model import WorkMetadata

_LIST_FIELDS = ("authors", "fandoms", "warnings", "categories", "relationships", "characters", "additional_tags")
_COUNT_FIELDS = ("words", "kudos", "hits", "comments", "bookmarks", "reviews", "favs", "follows")
AO3_CATEGORIES = frozenset(("f/f", "f/m", "gen", "m/m", "multi", "other"))
FFNET_GENRES = frozenset(
    "adventure angst crime drama family fantasy friendship general horror humor hurt/comfort mystery "
    "parody poetry romance sci-fi spiritual supernatural suspense tragedy western".split())

# Labels as sites and tools write them (lower case, no colon) → field.
_LABELS = {
    "rating": "rating", "rated": "rating",
    "warning": "warnings", "warnings": "warnings", "archive warning": "warnings", "archive warnings": "warnings",
    "category": "categories", "categories": "categories",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships", "pairing": "relationships",
    "pairings": "relationships", "ships": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "additional_tags", "freeform": "additional_tags", "tags": "additional_tags",
    "genre": "additional_tags", "genres": "additional_tags",
    "language": "language",
    "published": "published", "posted": "published",
    "updated": "updated", "last updated": "updated", "completed": "completed",
    "words": "words", "word count": "words",
    "chapters": "chapters", "status": "status",
    "kudos": "kudos", "hits": "hits", "comments": "comments", "bookmarks": "bookmarks",
    "reviews": "reviews", "favs": "favs", "favorites": "favs", "favourites": "favs", "follows": "follows",
    "url": "url", "story url": "url", "source": "url", "original source": "url", "link": "url",
    "author": "authors", "authors": "authors", "by": "authors",
    "title": "title", "id": "work_id", "story id": "work_id", "publisher": "site",
}
_SITES = {"archiveofourown.org": "ao3", "ao3.org": "ao3", "fanfiction.net": "ffnet", "fictionpress.com": "fictionpress",
          "wattpad.com": "wattpad", "royalroad.com": "royalroad", "fimfiction.net": "fimfiction",
          "questionablequesting.com": "questionablequesting", "spacebattles.com": "spacebattles",
          "sufficientvelocity.com": "sufficientvelocity"}
_WORK_ID = (re.compile(r"/works/(\d+)"), re.compile(r"/s/(\d+)"), re.compile(r"/story/(\d+)"),
            re.compile(r"/fiction/(\d+)"))
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\b")
_NAMED = re.compile(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_COUNT = re.compile(r"\d[\d,.\s]*")
_LABEL_LINE = re.compile(r"\s*([^\W\d][\w'’()/ -]{0,29}?)\s*:\s+(\S.*)", re.DOTALL)
# Longer than any site lets a title be (AO3: 255 characters): a page's text or
# script read as its title, not a title.
_MAX_TITLE_CHARS = 300
# What a page's <title> adds after the work's own: "… [Archive of Our Own]",
# "…, a Harry Potter fanfic | FanFiction", "… | Wattpad".
_SITE_SUFFIX = re.compile(
    r"\s*(?:\[\s*archive of our own\s*\]|[|–—-]\s*(?:an\s+)?archive of our own"
    r"|(?:,\s*an?\s+[^,|]{1,80}\s+fanfic\s*)?\|\s*(?:fanfiction|fictionpress)(?:\.(?:net|com))?"
    r"|[|–—-]\s*(?:fanfiction\.net|fictionpress\.com|wattpad|royal\s*road))\s*$", re.IGNORECASE)


class Fields:
    """Metadata values gathered from one source, typed as they are added."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def set(self, name: str, value) -> None:
        """Give a field its value unless it has one (lists grow instead)."""
        if name == "title":
            value = work_title(value)
        if value is None or value == "" or value == ():
            return
        if name in _LIST_FIELDS:
            items = (value,) if isinstance(value, str) else tuple(value)
            known = self.values.get(name, ())
            self.values[name] = known + tuple(v for v in items if v and v not in known)
        else:
            self.values.setdefault(name, value)

    def add_labelled(self, label: str, value: str) -> bool:
        """A value under a site's label; False when the label is not one fabula reads."""
        name = _LABELS.get(" ".join(label.lower().replace("_", " ").split()).rstrip(":"))
        value = " ".join(value.split())
        if name is None or not value:
            return False
        if name in ("categories", "additional_tags"):
            self.add_tags(split_list(value), name)
        elif name == "fandoms":
            self.set("fandoms", split_list(value))
        elif name in _LIST_FIELDS:
            self.set(name, split_list(value))
        elif name in _COUNT_FIELDS:
            self.set(name, parse_count(value))
        elif name in ("published", "updated"):
            self.set(name, parse_date(value))
        elif name == "completed":
            self.set("updated", parse_date(value))
            self.set("status", "complete")
        elif name == "chapters":
            self.add_chapters(value)
        elif name == "status":
            self.set("status", parse_status(value))
        elif name == "rating":
            self.set("rating", re.sub(r"^fiction\s+", "", value, flags=re.IGNORECASE))
        elif name == "url":
            self.add_url(value)
        elif name == "site":
            self.set("site", site_of(value))
        else:
            self.set(name, value)
        return True

    def add_tags(self, values, name: str) -> None:
        """Tags under a category or genre label, sorted by the AO3 category vocabulary."""
        for value in values:
            if value.lower() in AO3_CATEGORIES:
                self.set("categories", value)
            elif name == "categories":
                self.set("fandoms", value)  # FanFicFare's "Category" holds the fandoms
            else:
                self.set("additional_tags", _genres(value))

    def add_chapters(self, value: str) -> None:
        m = re.match(r"\s*(\d[\d,]*)\s*(?:/\s*(\d[\d,]*|\?))?", value)
        if m:
            self.set("chapters_posted", int(m.group(1).replace(",", "")))
            if m.group(2) and m.group(2) != "?":
                self.set("chapters_total", int(m.group(2).replace(",", "")))
            elif m.group(2) == "?":
                self.set("status", "in-progress")

    def add_url(self, url: str) -> None:
        found = re.search(r"https?://\S+", url)
        if not found:
            return
        url = found.group().rstrip(".,)")
        self.set("url", url)
        self.set("site", site_of(url))
        path = urlparse(url).path
        for pattern in _WORK_ID:
            m = pattern.search(path)
            if m:
                self.set("work_id", m.group(1))
                break

    def build(self, site: str | None = None) -> WorkMetadata:
        values = dict(self.values)
        values.setdefault("site", site) if site else None
        posted, total = values.get("chapters_posted"), values.get("chapters_total")
        if posted is not None and total is not None and "status" not in values:
            values["status"] = "complete" if posted >= total else "in-progress"
        if values.get("status") == "complete" and posted is not None and total is None:
            values["chapters_total"] = posted
        return WorkMetadata(**{k: v for k, v in values.items() if v is not None})


def work_title(raw: str | None) -> str | None:
    """A title as fabula shows it: one line, without the site's name after
    it; None when nothing is left or the text is too long to be a title."""
    if not raw:
        return None
    title = _SITE_SUFFIX.sub("", " ".join(raw.split())).strip()
    return title if title and len(title) <= _MAX_TITLE_CHARS else None


def label_line(line: str) -> tuple[str, str] | None:
    """("Label", "value") for a `Label: value` line, else None."""
    m = _LABEL_LINE.fullmatch(line)
    return (m.group(1), m.group(2)) if m else None


def is_known_label(label: str) -> bool:
    return " ".join(label.lower().split()).rstrip(":") in _LABELS


def is_list_label(label: str) -> bool:
    """Whether the label's value is a list of tags or names."""
    return _LABELS.get(" ".join(label.lower().split()).rstrip(":")) in _LIST_FIELDS


def split_list(value: str) -> tuple[str, ...]:
    return tuple(v for v in (part.strip() for part in value.split(",")) if v)


def _genres(value: str) -> tuple[str, ...]:
    # FanFiction.net joins its genres with "/" ("Romance/Hurt/Comfort").
    parts = value.split("/")
    if len(parts) < 2 or not all(p.strip().lower() in FFNET_GENRES | {"hurt", "comfort"} for p in parts):
        return (value,)
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if part.lower() == "comfort" and out and out[-1].lower() == "hurt":
            out[-1] += "/" + part
        else:
            out.append(part)
    return tuple(out)


def parse_count(value: str) -> int | None:
    m = _COUNT.match(value.strip())
    if not m:
        return None
    digits = re.sub(r"[,.\s]", "", m.group())
    return int(digits) if digits else None


def parse_status(value: str) -> str | None:
    v = value.lower()
    if re.search(r"in[- ]?progress|incomplete|ongoing|\bwip\b|on[- ]hiatus|abandoned", v):
        return "in-progress"
    if "complete" in v or "finished" in v:
        return "complete"
    return None


def parse_date(value: str) -> datetime.date | None:
    """A date as sites write it: ISO, FanFiction.net's m-d-yy, "Nov 6, 2012",
    "6 Nov 2012"; None for anything else."""
    value = value.strip()
    try:
        if m := _ISO.match(value):
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(value):
            year = int(m.group(3))
            year += 2000 if year < 70 else 1900 if year < 100 else 0
            return datetime.date(year, int(m.group(1)), int(m.group(2)))
        if m := _NAMED.match(value):
            if m.group(1):
                month, day, year = m.group(1), m.group(2), m.group(3)
            else:
                day, month, year = m.group(4), m.group(5), m.group(6)
            number = _MONTHS.get(month.lower())
            return datetime.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None
    return None


def site_of(url_or_host: str) -> str | None:
    host = urlparse(url_or_host).netloc if "//" in url_or_host else url_or_host
    host = host.lower().split(":")[0].strip()
    for prefix in ("www.", "m.", "download."):
        host = host.removeprefix(prefix)
    return _SITES.get(host, host or None)


def ffnet_stats(line: str, fields: Fields, page: bool = False) -> None:
    """FanFiction.net's stats line, as its pages and FicHub write it:
    "Rated: Fiction M - English - Drama/Angst - Harry P. & Draco M. - Chapters:
    78 - Words: 279,295 - … - Status: Complete - id: 2790804". Unlabelled
    parts are, in order, the language, the genres and the characters, where
    `[A, B]` is a pairing. On the site's own `page`, a line without "Status:
    Complete" is a work in progress."""
    unlabelled = []
    for part in (p.strip() for p in re.split(r"\s+-\s+", line)):
        labelled = label_line(part)
        if labelled and is_known_label(labelled[0]):
            name = _LABELS[" ".join(labelled[0].lower().split())]
            if name == "characters":
                _ffnet_characters(labelled[1], fields)
            else:
                fields.add_labelled(*labelled)
        elif part:
            unlabelled.append(part)
    if page:
        fields.set("status", "in-progress")
    for part in unlabelled:
        if "language" not in fields.values and re.fullmatch(r"[^\W\d_][\w ]{1,20}", part) \
                and part.lower() not in FFNET_GENRES:
            fields.set("language", part)
        elif all(g.strip().lower() in FFNET_GENRES | {"hurt", "comfort"} for g in part.split("/")):
            fields.set("additional_tags", _genres(part))
        else:
            _ffnet_characters(part, fields)


def _ffnet_characters(value: str, fields: Fields) -> None:
    for pairing in re.findall(r"\[([^\]]+)\]", value):
        fields.set("relationships", "/".join(n.strip() for n in pairing.split(",") if n.strip()))
    names = re.split(r",|&|\[|\]", value)
    fields.set("characters", tuple(n.strip() for n in names if n.strip()))
