"""Date formats of curated lists (``YYYY.MM``, ``YYYY-MM-DD``, ``Mon YYYY``, ``YY.MM`` ...): parse, infer, print."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cached_property, lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_TOKEN = lazy_compile(r"Month|Mon|YYYY|YY|MM|M|DD|D")
_TOKEN_RE = {
    "YYYY": r"(?P<YYYY>\d{4})",
    "YY": r"(?P<YY>\d{2})",
    "MM": r"(?P<MM>\d{2})",
    "M": r"(?P<M>[1-9]\d?)",
    "DD": r"(?P<DD>\d{2})",
    "D": r"(?P<D>[1-9]\d?)",
    # the shape of an abbreviated month (Jun, Jun., Sept); read() also takes the full name (June), which
    # is the same date in another spelling
    "Mon": r"(?P<Mon>[A-Za-z]{3}|[Ss][Ee][Pp][Tt])\.?",
    # the shape of a month spelt out (June); read() also takes an abbreviation (Jun), the same date spelt
    # another way
    "Month": r"(?P<Month>(?i:january|february|march|april|may|june|july|august|september|october|november|december))",
}

# The formats tried when a list has no configured format, in order of preference on a tie.
CANDIDATES = (
    "YYYY.MM", "YYYY-MM", "YYYY/MM", "YYYY.M", "YYYY-M", "YYYY/M",
    "YYYY-MM-DD", "YYYY.MM.DD", "YYYY/MM/DD", "YYYY/M/D", "YYYY.M.D", "YYYY-M-D",
    "YY.MM", "YY-MM", "YY/MM", "MM/YYYY", "MM.YYYY", "Mon YYYY", "Month YYYY", "YYYY",
    "DD.MM.YYYY", "MM/DD/YYYY", "DD/MM/YYYY",
    # spellings met in real lists: 'May, 2023' / 'Sep., 2023', '2025.0126', "'24.05"
    "Mon, YYYY", "Month, YYYY", "YYYY.MMDD", "'YY.MM", "’YY.MM",
)  # fmt: skip

_PLACEHOLDERS = {"", "-", "--", "—", "–", "/", "n/a", "na", "tbd", "tba", "?", "unknown", "none", "null"}
_HTML = lazy_compile(r"<[^<>]*>")  # [^<>]: a run of "<" costs linear time
_WRAP = "*_~` \t\u3000"


_YEARS, _MONTHS, _DAYS = (
    frozenset({"YYYY", "YY"}),
    frozenset({"MM", "M", "Mon", "Month"}),
    frozenset({"DD", "D"}),
)


def _check_separator(spec: str, text: str) -> None:
    """The text between tokens holds no letter: ``HH`` or ``MMM`` is a mistyped token, not a separator."""
    letters = re.search(r"[A-Za-z]+", text)
    if letters is not None:
        raise ValueError(
            f"date format {spec!r} is not understood: {letters.group(0)!r} is not a token; use YYYY, YY, MM, "
            "M, DD, D, Mon, Month with separators between them (times are not supported)"
        )


class InvalidDate(ValueError):
    """The value has the format's shape but is not a real date (month 13, day 31 in April)."""


@record(frozen=True, order=True)
class DateValue:
    year: int
    month: int = 0  # 0: not given
    day: int = 0

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)


#: each usual spelling of a month (lower case), with its number
_MONTH_NUMBERS = {name: k + 1 for names in (MONTHS, MONTH_NAMES) for k, name in enumerate(names)}
_MONTH_NUMBERS["sept"] = 9


def month_number(name: str) -> int | None:
    """1-12 for a month name in any usual spelling (jun, june, sept, case ignored), else None."""
    return _MONTH_NUMBERS.get(name.lower().rstrip("."))


_UNREAD = InvalidDate("not read yet")  # the memo's default: an exception no reading returns
_MAX_READS = 8192  # distinct texts remembered per format (a long-running server stays bounded)


@record(frozen=True)
class DateFormat:
    spec: str
    regex: re.Pattern[str]
    tokens: tuple[str, ...]
    #: the shape read() accepts: the format's, with a month spelt out in full where it abbreviates
    loose: re.Pattern[str] | None = None

    @staticmethod
    @lru_cache(maxsize=128)
    def parse(spec: str) -> DateFormat:
        tokens: list[str] = []
        pattern = ""
        pos = 0
        for m in _TOKEN.finditer(spec):
            _check_separator(spec, spec[pos : m.start()])
            pattern += re.escape(spec[pos : m.start()]) + _TOKEN_RE[m.group(0)]
            if m.group(0) in tokens:
                raise ValueError(f"date format {spec!r} uses {m.group(0)} twice")
            tokens.append(m.group(0))
            pos = m.end()
        _check_separator(spec, spec[pos:])
        pattern += re.escape(spec[pos:])
        for part, group in (("year", _YEARS), ("month", _MONTHS), ("day", _DAYS)):
            if len(group & set(tokens)) > 1:
                both = " and ".join(t for t in tokens if t in group)
                hint = "; a month name is Mon (Jan) or Month (January)" if part == "month" else ""
                raise ValueError(f"date format {spec!r} gives the {part} twice ({both}){hint}")
        has_year = bool(_YEARS & set(tokens))
        has_month = bool(_MONTHS & set(tokens))
        has_day = bool(_DAYS & set(tokens))
        if not has_year or (has_day and not has_month):
            raise ValueError(
                f"date format {spec!r} is not understood; use tokens YYYY, YY, MM, M, DD, D, Mon, Month "
                "with any separators, e.g. 'YYYY.MM', 'YYYY-MM-DD', 'Mon YYYY'"
            )
        loose = pattern.replace(_TOKEN_RE["Mon"], r"(?P<Mon>[A-Za-z]{3,9})\.?").replace(
            _TOKEN_RE["Month"], r"(?P<Month>[A-Za-z]{3,9}\.?)"
        )
        return DateFormat(
            spec=spec,
            regex=lazy_compile(pattern + r"\Z"),
            tokens=tuple(tokens),
            loose=lazy_compile(loose + r"\Z") if loose != pattern else None,
        )

    @cached_property
    def precision(self) -> int:
        """1 = year, 2 = month, 3 = day (computed once per format: every date read asks)."""
        if {"DD", "D"} & set(self.tokens):
            return 3
        if {"MM", "M", "Mon", "Month"} & set(self.tokens):
            return 2
        return 1

    def matches_shape(self, value: str) -> bool:
        return self.regex.match(value) is not None

    @cached_property
    def _reads(self) -> dict[str, DateValue | InvalidDate | None]:
        """What :meth:`read` made of each text (a list writes the same month on many rows); for a format
        without a two-digit year only, whose reading does not depend on today."""
        return {}

    def read(self, value: str, today: dt.date | None = None) -> DateValue | None:
        """The date ``value`` denotes in this format; None if it has another shape.

        Raises :class:`InvalidDate` when the shape fits but the date does not exist.
        """
        if "YY" in self.tokens:
            return self._read(value, today)
        reads = self._reads
        got = reads.get(value, _UNREAD)
        if got is _UNREAD:
            try:
                got = self._read(value, None)
            except InvalidDate as exc:
                got = exc
            if len(reads) < _MAX_READS:
                reads[value] = got
        if isinstance(got, InvalidDate):
            raise InvalidDate(str(got))
        return got

    def _read(self, value: str, today: dt.date | None) -> DateValue | None:
        m = self.regex.match(value) or (self.loose.match(value) if self.loose is not None else None)
        if m is None:
            return None
        g = m.groupdict()
        if g.get("YYYY"):
            year = int(g["YYYY"])
        else:
            yy = int(g["YY"])
            pivot = ((today or dt.date.today()).year % 100) + 5
            year = 2000 + yy if yy <= pivot else 1900 + yy
        month = 0
        if g.get("MM") or g.get("M"):
            month = int(g.get("MM") or g.get("M") or 0)
        elif g.get("Mon") or g.get("Month"):
            name = g.get("Mon") or g.get("Month") or ""
            number = month_number(name)
            if number is None:
                raise InvalidDate(f"{name!r} is not a month name")
            month = number
        day = int(g.get("DD") or g.get("D") or 0)
        if self.precision >= 2 and not 1 <= month <= 12:
            raise InvalidDate(f"month {month} does not exist")
        if self.precision == 3:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise InvalidDate(f"day {day} does not exist in {year}-{month:02d}") from None
        if year < 1000:
            raise InvalidDate(f"year {year} is not plausible")
        return DateValue(year, month, day)

    def respelt(self, value: str, date: DateValue) -> str | None:
        """The date written in this format when ``value`` spells its month otherwise (``June 2024`` or
        ``Sept 2024`` in a ``Mon YYYY`` list, ``Jun 2024`` in a ``Month YYYY`` list), else None."""
        token = self._month_name
        if token is None or not date.month:
            return None
        m = self.regex.match(value) or (self.loose.match(value) if self.loose is not None else None)
        if m is None:
            return None
        canonical = MONTHS[date.month - 1] if token == "Mon" else MONTH_NAMES[date.month - 1]
        return self.write(date) if m.group(token).lower() != canonical else None

    @cached_property
    def _month_name(self) -> str | None:
        """The token that spells the month out (``Mon``, ``Month``), None in a format of digits (once)."""
        return next((t for t in self.tokens if t in ("Mon", "Month")), None)

    def write(self, date: DateValue) -> str:
        out = ""
        pos = 0
        for m in _TOKEN.finditer(self.spec):
            out += self.spec[pos : m.start()]
            tok = m.group(0)
            out += {
                "YYYY": f"{date.year:04d}",
                "YY": f"{date.year % 100:02d}",
                "MM": f"{date.month:02d}",
                "M": f"{date.month}",
                "DD": f"{date.day:02d}",
                "D": f"{date.day}",
                "Mon": MONTHS[date.month - 1].capitalize() if date.month else "",
                "Month": MONTH_NAMES[date.month - 1].capitalize() if date.month else "",
            }[tok]
            pos = m.end()
        return out + self.spec[pos:]


def coarser_spellings(fmt: DateFormat) -> tuple[DateFormat, ...]:
    """``fmt``'s spelling at each coarser precision, finest first: ``YYYY-MM-DD`` gives ``YYYY-MM`` and
    ``YYYY``, ``Mon D, YYYY`` gives ``Mon YYYY`` and ``YYYY``; a list of months reads a year alone as
    ``YYYY``. A date written so is the same kind of date, known less precisely."""
    return _coarser(fmt.spec)


@lru_cache(maxsize=128)  # keyed by the spec: hashing a format hashes its every field
def _coarser(spec: str) -> tuple[DateFormat, ...]:
    fmt = DateFormat.parse(spec)
    specs: list[str] = []
    if fmt.precision == 3:
        spans = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(fmt.spec)]
        at = next(i for i, (_, _, tok) in enumerate(spans) if tok in _DAYS)
        start, end, _ = spans[at]
        if at + 1 < len(spans):  # the day and the separator after it
            end = spans[at + 1][0]
        elif at > 0:  # the last token: the separator before it
            start = spans[at - 1][1]
        specs.append(fmt.spec[:start] + fmt.spec[end:])
    if fmt.precision >= 2:
        specs.append("YYYY")
    out: list[DateFormat] = []
    for coarse in specs:
        try:
            out.append(DateFormat.parse(coarse))
        except ValueError:
            continue  # a spelling with nothing left to read
    return tuple(out)


def read_coarser(value: str, fmt: DateFormat, today: dt.date | None = None) -> DateValue | None:
    """``value`` read in one of ``fmt``'s coarser spellings (:attr:`DateFormat.coarser`): ``2024-02`` in a
    list of ``YYYY-MM-DD`` dates is that month, ``1995`` among months that year; None for anything else.

    Raises :class:`InvalidDate` when the value has such a shape but is no real date (``2024-13``)."""
    for coarse in coarser_spellings(fmt):
        if coarse.matches_shape(value):
            return coarse.read(value, today)
    return None


def read_or_none(value: str, fmt: DateFormat, today: dt.date | None = None) -> DateValue | None:
    """``value`` read in ``fmt`` or one of its coarser spellings; None when it is not such a date (another
    shape, or no real date: ``2024/13``)."""
    try:
        return fmt.read(value, today) or read_coarser(value, fmt, today)
    except InvalidDate:
        return None


@lru_cache(maxsize=8192)  # a list writes the same month on many rows, and two passes ask of each
def clean_date_text(cell_text: str) -> str | None:
    """The date-like text of a cell (emphasis and HTML removed); None for an empty or placeholder cell."""
    text = cell_text
    if "<" in text:
        text = _HTML.sub(" ", text)
    text = text.strip(_WRAP)
    if text.lower() in _PLACEHOLDERS or not any(ch.isdigit() for ch in text):
        return None
    return text


@lru_cache(maxsize=1)
def candidate_formats() -> list[DateFormat]:
    return [DateFormat.parse(spec) for spec in CANDIDATES]


_RUN = lazy_compile(r"[0-9]+|[A-Za-z]+")


def _run_mark(m: re.Match[str]) -> str:
    return "9" if m.group(0)[0] <= "9" else "a"


@lru_cache(maxsize=1)
def _by_skeleton() -> dict[str, list[DateFormat]]:
    """The candidate formats (in their order) by the skeleton of the values they can read: each token a
    run of digits ('9') or of letters ('a', a month name, with or without its dot), the separators as
    they are. A value of another skeleton has none of their shapes, so their patterns never compile for
    it (a list's dates have one or two skeletons; the 23 candidates have 17)."""
    table: dict[str, list[DateFormat]] = {}
    for spec in CANDIDATES:
        skeletons = [""]
        pos = 0
        for m in _TOKEN.finditer(spec):
            sep = spec[pos : m.start()]
            marks = ("9",) if m.group(0) not in ("Mon", "Month") else ("a", "a.")
            if not sep and marks == ("9",) and skeletons[0].endswith("9"):
                marks = ("",)  # digits run on (YYYY.MMDD): one run of digits in a value
            skeletons = [s + sep + mark for s in skeletons for mark in marks]
            pos = m.end()
        for skeleton in skeletons:
            table.setdefault(skeleton + spec[pos:], []).append(DateFormat.parse(spec))
    return table


def _formats_for(value: str) -> list[DateFormat]:
    """The candidate formats that may read ``value``: all of them for a value beyond ASCII (``\\d``
    reads the digits of every script), else those of its skeleton."""
    if not value.isascii():
        return candidate_formats()
    return _by_skeleton().get(_RUN.sub(_run_mark, value), [])


@lru_cache(maxsize=8192)
def format_shapes(value: str) -> tuple[str, ...]:
    """The candidate formats whose shape ``value`` has."""
    return tuple(fmt.spec for fmt in _formats_for(value) if fmt.matches_shape(value))


def infer_format(values: list[str]) -> tuple[DateFormat | None, float]:
    """The candidate format most values follow, and the share of values that follow it."""
    if not values:
        return None, 0.0
    counts: Counter[str] = Counter()
    for value, n in Counter(values).items():
        for spec in format_shapes(value):
            counts[spec] += n
    if not counts:
        return None, 0.0
    best = max(CANDIDATES, key=lambda spec: (counts[spec], -CANDIDATES.index(spec)))
    return DateFormat.parse(best), counts[best] / len(values)


def reinterpret(value: str, target: DateFormat, today: dt.date | None = None) -> DateValue | None:
    """Read ``value`` in another candidate format, but only when that reading is unambiguous and as
    precise as ``target``: '2023-09' -> 2023.09, never a guess such as '05/06/2024' or '2025.1'."""
    readings: set[DateValue] = set()
    for fmt in _formats_for(value):
        if fmt.spec == target.spec or fmt.precision != target.precision:
            continue
        try:
            date = fmt.read(value, today)
        except InvalidDate:
            continue
        if date is None:
            continue
        if ("M" in fmt.tokens or "D" in fmt.tokens) and "." in fmt.spec and "." in target.spec:
            return None  # '2025.1' may be '2025.10' with its zero lost: not a safe rewrite
        readings.add(date)
    if len(readings) == 1:
        return readings.pop()
    return None
