"""What an entry's parts are: its title, primary link, date, paper and code links, badges, description.

A table says it in its header (:mod:`awesomelint.document.analysis`); a list item or a paragraph entry
says it by its shape, and a group of them (a list, a run of paragraphs) by the shape most of its entries
share, the way a list's date format is the one most of its dates follow:

- a date at the start of the entry, bracketed or not (``[2023/08]``, ``2024.05.01``), in the format most
  of the group's dates follow, is the entry's date when most entries carry one;
- a ``**bold**`` span is the title when most entries open with one (``**Title.** *Authors.*`` and
  ``**[Title](url)**``), else the first link's text is the name (``[Name](url) - Description.``);
- the text after `` - ``, `` — `` or ``:`` that follows the name is the description;
- a link whose text says paper (``[[paper](…)]``, ``[pdf]``, arXiv, OpenReview) or whose address is a
  publication (arXiv, DOI, OpenReview, ACL Anthology) is a paper link; one whose text says code (code,
  GitHub, source, repository) or whose address is a repository is a code link; an image on a badge host
  is a badge;
- ``Venue YYYY`` or ``Venue'YY`` (``arXiv 2022.``, ``ACL'23``) is a venue year: weak evidence of when the
  paper appeared, never a date to order by.

Every pattern here is anchored or bounded, and linear in the text it reads.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.document.dates import DateFormat, clean_date_text, infer_format, month_number
from awesomelint.document.model import Document, Link
from awesomelint.document.urls import is_badge, is_code_repo, is_http, paper_key

#: the share of a group's entries that must show a part for the group to have it (a date, a bold title),
#: and the share of its dates that must follow one format (as for a table's date column)
ROLE_MIN_SHARE = 0.6

_PUBLICATION_KEYS = ("arxiv:", "doi:", "openreview:", "acl:", "neurips:")


def words(text: str) -> frozenset[str]:
    """The words of ``text`` (split at white space), as a set."""
    return frozenset(text.split())


_PAPER_WORDS = words(
    "paper papers pdf arxiv openreview publication preprint doi acl proceedings article 论文 論文"
)
_CODE_WORDS = words("code github gitlab source repo repository implementation 代码 コード 源码")
_WORDS = lazy_compile(r"[^\W\d_]+")
_BARE_DATE = lazy_compile(r"[0-9]{4}[./-][0-9]{1,2}(?:[./-][0-9]{1,2})?(?![0-9])")
_DATE_CHARS = lazy_compile(r"[0-9A-Za-z./\- ,]{4,24}")
_SEPARATOR = lazy_compile(r"[ \t]+[-–—][ \t]+|[:：]")
_LEAD_SEPARATOR = lazy_compile(r"[ \t]*(?:[-–—][ \t]+|[:：][ \t]*)")
_CODE_SPAN = lazy_compile(r"[ \t]*`[^`\n]{0,40}`")
# a venue's name (with a capital: ACL, NeurIPS, arXiv, Preprint) then its year: 'arXiv 2022', "ACL'23",
# 'CVPR2024'. The name is 2-32 of [A-Za-z@&-] after no word character, slash, dot, hash or hyphen; or the
# last 32 of a longer run before a space (the name as the year's 33 characters before it showed it, read
# backwards, where this pattern was a loop: tests/test_entry_roles.py holds the two equal). A year 'YY follows
# the name at once; a year in a number or after a digit is none. Bounded at each start: linear.
_VENUE_YEAR = lazy_compile(
    r"(?:(?<![\w/.#-])([A-Za-z@&-]{2,32})|([A-Za-z@&-]{32})(?=[ \t]))"
    r"(?:['’]([0-9]{2})|[ \t]?((?:19|20)[0-9]{2}))(?![0-9A-Za-z])"
)
_TAG = lazy_compile(r"<[^<>]*>")  # an HTML tag ([^<>]: a run of "<" costs linear time)
_TARGET = lazy_compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")  # a link's destination, one level of parentheses


@record(slots=True, kw_only=True, eq=False)
class Roles:
    """The parts of one entry. Positions are 1-based; 0 where a part is missing."""

    #: The entry's name or title as written (raw Markdown of the bold span, the name link's text, the
    #: title cell).
    title: str = ""
    title_line: int = 0
    title_column: int = 0
    #: The link that says what the entry is (its identity): the title's link, the name link, or the
    #: first link that is neither a badge nor an in-page anchor.
    primary: Link | None = None
    #: The entry's date as written (cleaned of markup), where its group is dated.
    date: str | None = None
    date_line: int = 0
    date_column: int = 0
    papers: list[Link] = field(default_factory=list)
    code: list[Link] = field(default_factory=list)
    badges: list[Link] = field(default_factory=list)
    description: str = ""
    _venue: str | None = field(default=None, repr=False)
    _venue_year: int | None = field(default=None, repr=False)
    #: the entry's lines its venue year is read from (:func:`read_venue`) when first asked, None once
    #: read: few entries are asked (an undated entry of a publication list), and the reading costs a
    #: pattern over every line
    _venue_lines: list[tuple[int, int, str]] | None = field(default=None, repr=False)

    @property
    def venue(self) -> str | None:
        """A venue and its year (``arXiv 2022``, ``ACL'23``): weak evidence, never a date to order by."""
        if self._venue_lines is not None:
            self._read_venue()
        return self._venue

    @venue.setter
    def venue(self, value: str | None) -> None:
        self._read_venue()  # (the other of the two as read)
        self._venue = value

    @property
    def venue_year(self) -> int | None:
        if self._venue_lines is not None:
            self._read_venue()
        return self._venue_year

    @venue_year.setter
    def venue_year(self, value: int | None) -> None:
        self._read_venue()
        self._venue_year = value

    def _read_venue(self) -> None:
        if self._venue_lines is not None:
            self._venue, self._venue_year = read_venue(self._venue_lines)
            self._venue_lines = None


@record(slots=True, kw_only=True, eq=False)
class Scheme:
    """What a group's entries carry where, from its header (a table) or from its majority (a list)."""

    #: where the title is: ``bold`` (a bold span), ``link`` (the first link), ``text`` (the first
    #: words), ``column`` (a table's title or identity column)
    title: str = "link"
    #: the format of the group's dates; None when the group is not dated
    date_format: DateFormat | None = None
    #: most entries are publications (their primary link is arXiv, a DOI, OpenReview, ACL Anthology)
    papers: bool = False
    #: the share of the entries that carry a date
    dated_share: float = 0.0
    #: an HTML table's columns by role (``title``, ``date``, ``papers``), from its header
    columns: dict[str, list[int]] = field(default_factory=dict)


@record(slots=True, kw_only=True, eq=False)
class Reading:
    """What the own text of a list item or paragraph entry shows, before its group says what counts."""

    date: str | None = None
    date_line: int = 0
    date_column: int = 0
    bold: str | None = None
    bold_line: int = 0
    bold_column: int = 0
    bold_link: Link | None = None
    lead: Link | None = None  # the link the entry opens with (after its date)
    #: the entry's first link that is neither an image nor a badge, on the web
    first_link: Link | None = None
    #: offsets in the first line: after the date (and the spaces behind it), after the title (the bold
    #: span, the lead link; ``start`` without one)
    start: int = 0
    title_end: int = 0


def read_entry(lines: list[tuple[int, int, str]], links: list[Link], date_line: bool = False) -> Reading:
    """Read an entry's own text: ``lines`` are (line, column of the first character, text), ``links``
    the entry's links in document order; ``date_line``: a later line that is nothing but a date is the
    entry's date (a paragraph entry's last line)."""
    reading = Reading()
    for link in links:
        if not link.is_image and _web(link.url):
            reading.first_link = link
            break
    if not lines:
        return reading
    line, col, text = lines[0]
    pos = _skip_symbols(text)
    pos = _read_date(reading, line, col, text, pos)
    if date_line and reading.date is None:
        for other, other_col, other_text in lines[1:]:
            value = other_text.strip()
            # (the length first: most lines are longer than a date, and it costs less than the pattern)
            if 4 <= len(value) <= 24 and _DATE_CHARS.fullmatch(value) and clean_date_text(value) == value:
                reading.date, reading.date_line, reading.date_column = value, other, other_col
                break
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    reading.start = pos
    reading.title_end = _read_title(reading, line, col, text, pos, links)
    return reading


def may_hold_dates(doc: Document) -> bool:
    """Whether an entry of ``doc`` outside its Markdown tables may carry a date as :func:`read_entry` reads
    one: a list item that opens with a date, a paragraph with a line that is nothing but one, an HTML
    table with a digit in its text (a date column). Read without building the entry model, so that a list
    without dated entries pays for none of it; never False where an entry has a date."""
    for block in doc.html_blocks:
        if "<table" in block.text.lower() and any(c.isdigit() for c in _TAG.sub("", block.text)):
            return True
    lines = doc.lines
    scratch = Reading()
    for item in doc.list_items:
        text = lines[item.line - 1][item.column - 1 + len(item.marker) :].lstrip(" \t>")
        if not text.strip():
            if item.end_line == item.line:
                continue  # an empty item
            text = lines[item.line].lstrip(" \t>")  # its text starts on the next line
            if not text.strip():
                return True
        pos = _skip_symbols(text)
        if _read_date(scratch, 0, 0, text, pos) != pos:
            return True
    for para in doc.paragraphs:
        if not lines[para.line - 1][para.column - 1 :].startswith(("**", "__")):
            continue  # a paragraph entry opens with a bold title
        for ln in range(para.line + 1, para.end_line + 1):
            value = lines[ln - 1].strip(" \t").rstrip("\\").rstrip(" \t")
            if _DATE_CHARS.fullmatch(value) and any(c.isdigit() for c in value):
                return True
    return False


def _first_words(reading: Reading, lines: list[tuple[int, int, str]]) -> str:
    """The first line's text after the date, up to a separator: the title of an entry without a name
    link or a bold span."""
    text = lines[0][2][reading.start :] if lines else ""
    return text[: _separator_at(text)].strip()


def _rest(reading: Reading, lines: list[tuple[int, int, str]], links: list[Link]) -> str:
    """The text after an entry's title (and the marks and links right behind it), or after its date."""
    if not lines:
        return ""
    after = lines[0][2][name_end(reading, lines, links) :]
    return "\n".join([after, *(t for _, _, t in lines[1:])]).strip()


def name_end(reading: Reading, lines: list[tuple[int, int, str]], links: list[Link]) -> int:
    """The offset in an entry's first line past its title and the marks right behind it (code spans,
    links, badges: where a separator may stand), or past its date without a title."""
    if not lines or reading.title_end <= reading.start:
        return reading.start
    line, col, text = lines[0]
    return _skip_marks(text, reading.title_end, col, links, line)


def _skip_marks(text: str, pos: int, col: int, links: list[Link], line: int) -> int:
    """Past what may stand between a name and its separator: code spans (`` `⚠` ``, a license), links
    and badges (``[[crate](…)]``, ``[![stars](…)](…)``)."""
    starts = {k.column: k for k in links if k.line == line and k.wrapper is None}
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if text.startswith("`", pos) and (m := _CODE_SPAN.match(text, pos)) is not None:
            pos = m.end()
            continue
        link = starts.get(col + pos) or (starts.get(col + pos + 1) if text.startswith("[", pos) else None)
        if link is None:
            return pos
        bracketed = link.column == col + pos + 1
        pos = link.end_column - col + (bracketed and text.startswith("]", link.end_column - col))


def _skip_symbols(text: str) -> int:
    """Past the emoji, bullets and spaces an entry may open with (at most 6 characters)."""
    pos = 0
    while pos < len(text) and pos < 6 and not text[pos].isalnum() and text[pos] not in "[*_<(`!~":
        pos += 1
    return pos


def _read_date(reading: Reading, line: int, col: int, text: str, pos: int) -> int:
    """A date the entry opens with; the position after it (and after a ``:`` or ``-`` behind it)."""
    if text.startswith("[", pos):
        close = text.find("]", pos + 1, pos + 32)
        if close < 0 or text[close + 1 : close + 2] in ("(", "["):
            return pos
        inner = text[pos + 1 : close]
        value = clean_date_text(inner) if _DATE_CHARS.fullmatch(inner) else None
        if value is None:
            return pos
        start = pos + 1 + inner.find(value)
        end = close + 1
    else:
        m = _BARE_DATE.match(text, pos)
        if m is None:
            return pos
        value, start, end = m.group(), pos, m.end()
    reading.date, reading.date_line, reading.date_column = value, line, col + start
    while end < len(text) and text[end] in " \t:：-–":
        end += 1
    return end


def _read_title(reading: Reading, line: int, col: int, text: str, pos: int, links: list[Link]) -> int:
    """A bold span or a link at ``pos``: the entry's title or name; the position after it."""
    mark = text[pos : pos + 2]
    if mark in ("**", "__"):
        close = text.find(mark, pos + 2)
        if close > pos + 2:
            reading.bold = text[pos + 2 : close].strip()
            reading.bold_line, reading.bold_column = line, col + pos + 2
            at = col + pos + 2
            for inner in links:  # the link the bold span opens with
                if inner.column == at and inner.line == line:
                    if inner.kind == "link" and inner.end_column >= col + close:
                        reading.bold_link = inner
                        reading.bold = inner.text.strip()
                        reading.bold_column = inner.column + 1
                    break
            return close + 2
    for link in links:
        if link.line == line and link.column == col + pos and not link.is_image:
            reading.lead = link
            return link.end_column - col
        if link.line > line or (link.line == line and link.column > col + pos):
            break
    return pos


def _separator_at(text: str) -> int:
    """Where the first separator of a name and its description stands (the end of the text if none)."""
    m = _SEPARATOR.search(text)
    return m.start() if m is not None else len(text)


def read_venue(lines: list[tuple[int, int, str]]) -> tuple[str | None, int | None]:
    """The last ``Venue YYYY`` or ``Venue'YY`` of an entry's lines, link addresses left out."""
    venue: tuple[str | None, int | None] = (None, None)
    for _line, _col, text in lines:
        if "20" not in text and "19" not in text and "'" not in text and "’" not in text:
            continue  # no year here (four searches of the string cost less than the pattern's)
        if "](" in text:
            text = _TARGET.sub("]", text)
        for m in _VENUE_YEAR.finditer(text):
            name, short, year = m.group(1) or m.group(2), m.group(3), m.group(4)
            if name != name.lower() and month_number(name) is None:
                venue = (name, int(year) if year else 2000 + int(short))
    return venue


def description(rest: str) -> str:
    """The description in the text after an entry's name: what follows its separator (a `` - ``, an
    em dash, a colon), code spans such as a warning mark before it allowed; empty without one."""
    pos = 0
    while (m := _CODE_SPAN.match(rest, pos)) is not None:
        pos = m.end()
    m = _LEAD_SEPARATOR.match(rest, pos)
    return rest[m.end() :].strip() if m is not None else ""


def link_role(link: Link) -> str:
    """``paper``, ``code``, ``badge`` or '' for a link of an entry: by what its text says, else by its
    address."""
    if link.is_image:
        return "badge" if is_badge(link.url) else ""
    role = _text_role(link.text)
    return role if role is not None else _address_role(link.url)


@lru_cache(maxsize=16384)  # a list writes the same link texts again and again ([pdf], [code], Paper)
def _text_role(text: str) -> str | None:
    """What a link's text says it is: ``code``, ``paper``; '' for a linked image (a badge's target: its
    image says what it is); None when it says neither (its address decides)."""
    if text.lstrip().startswith("!["):
        return ""
    words = set(_WORDS.findall(text.casefold()))
    if words & _CODE_WORDS:
        return "code"
    if words & _PAPER_WORDS:
        return "paper"
    return None


def _address_role(url: str) -> str:
    """``paper`` for a publication's address, ``code`` for a repository's, else ''."""
    if not is_http(url):
        return ""
    if paper_key(url).startswith(_PUBLICATION_KEYS):
        return "paper"
    return "code" if is_code_repo(url) else ""


@lru_cache(maxsize=16384)
def _web(url: str) -> bool:
    """A web address that is not a badge."""
    return is_http(url) and not is_badge(url)


def is_publication(link: Link | None) -> bool:
    return link is not None and paper_key(link.url).startswith(_PUBLICATION_KEYS)


def infer_scheme(readings: list[Reading], configured: DateFormat | None = None) -> Scheme:
    """The scheme of a group of list items or paragraph entries, from what most of them show."""
    n = len(readings)
    scheme = Scheme()
    if not n:
        return scheme
    bold = lead = publications = 0
    dates = []
    for r in readings:  # (one pass)
        if r.bold:
            bold += 1
        if r.lead is not None:
            lead += 1
        if r.date:
            dates.append(r.date)
        primary = r.bold_link or r.lead or r.first_link  # (a bold title's link, a lead link, a web link)
        if primary is not None and paper_key(primary.url).startswith(_PUBLICATION_KEYS):
            publications += 1
    if bold >= ROLE_MIN_SHARE * n:
        scheme.title = "bold"
    elif lead >= ROLE_MIN_SHARE * n or (lead >= bold and lead):
        scheme.title = "link"
    else:
        scheme.title = "bold" if bold else "text"
    scheme.dated_share = len(dates) / n
    if dates and scheme.dated_share >= ROLE_MIN_SHARE:
        fmt, share = (configured, 1.0) if configured is not None else _infer(dates)
        if fmt is not None and share >= ROLE_MIN_SHARE:
            scheme.date_format = fmt
    scheme.papers = publications >= ROLE_MIN_SHARE * n
    return scheme


#: day-first and spelt-out formats a list writes in its entries (``4 Feb 2023``), tried after the
#: formats of tables (:data:`awesomelint.document.dates.CANDIDATES`)
ENTRY_FORMATS = ("D Mon YYYY", "D Month YYYY", "Mon D, YYYY", "Month D, YYYY")


def _infer(dates: list[str]) -> tuple[DateFormat | None, float]:
    fmt, share = infer_format(dates)
    if share >= ROLE_MIN_SHARE:
        return fmt, share
    counts = Counter(dates)  # (a list writes the same dates again and again)
    for spec in ENTRY_FORMATS:
        other = DateFormat.parse(spec)
        other_share = sum(n for d, n in counts.items() if other.matches_shape(d)) / len(dates)
        if other_share > share:
            fmt, share = other, other_share
    return fmt, share


def list_title(
    reading: Reading, lines: list[tuple[int, int, str]], scheme: Scheme
) -> tuple[str, int, int, Link | None]:
    """The title of a list item or paragraph entry under its group's scheme, with its line and column
    (0 when it is the entry's first words), and the link it carries (None then): what an order rule
    reads of an entry, without its other roles."""
    if scheme.title == "bold" and reading.bold:
        return reading.bold, reading.bold_line, reading.bold_column, reading.bold_link
    if reading.lead is not None:
        lead = reading.lead
        return lead.text.strip(), lead.line, lead.column + 1, lead
    if reading.bold:
        return reading.bold, reading.bold_line, reading.bold_column, reading.bold_link
    return _first_words(reading, lines), 0, 0, None


def primary_link(reading: Reading, scheme: Scheme) -> Link | None:
    """The primary link of a list item or paragraph entry under its group's scheme: its title's link (a
    bold title's, else its name link), else its first web link; without reading its other roles."""
    if scheme.title == "bold" and reading.bold:
        primary = reading.bold_link
    else:
        primary = reading.lead or (reading.bold_link if reading.bold else None)
    return primary if primary is not None else reading.first_link


def list_roles(
    reading: Reading, lines: list[tuple[int, int, str]], links: list[Link], scheme: Scheme
) -> Roles:
    """The roles of a list item or paragraph entry (its ``lines`` and ``links``) under its group's
    scheme; a venue year is read in a group of publications or of bold titles only (when first asked)."""
    roles = Roles()
    if scheme.papers or scheme.title == "bold":
        roles._venue_lines = lines  # read when asked
    roles.title, roles.title_line, roles.title_column, roles.primary = list_title(reading, lines, scheme)
    if roles.primary is None:
        roles.primary = reading.first_link
    if scheme.date_format is not None and reading.date:
        roles.date, roles.date_line, roles.date_column = reading.date, reading.date_line, reading.date_column
    if scheme.title == "link" or (roles.primary is reading.lead and reading.lead is not None):
        roles.description = description(_rest(reading, lines, links))
    for link in links:
        role = link_role(link)
        if role == "paper":
            roles.papers.append(link)
        elif role == "code":
            roles.code.append(link)
        elif role == "badge":
            roles.badges.append(link)
    return roles
