"""A date text read in a list's format: the format itself, a coarser spelling of it, or one of the other
spellings the list (or a group of its entries) uses; the reading that a table's date cell and an entry's
date share (``document.analysis``, the date rules)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.dates import (
    DateFormat,
    DateValue,
    InvalidDate,
    candidate_formats,
    coarser_spellings,
    format_shapes,
    read_coarser,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    import re

#: a date text read in a format: the fields of a
#: :class:`~awesomelint.document.analysis.DateReading` after its column (value, invalid,
#: coarse, respelt, style, rewritten)
DateParts = tuple[DateValue | None, str | None, bool, str | None, str | None, str | None]


def read_in_format(
    text: str, fmt: DateFormat, today: dt.date, lenient: bool, others: tuple[DateFormat, ...]
) -> DateParts:
    """What ``text`` is in ``fmt``: a date in the format itself (its month perhaps spelt otherwise), a
    date that does not exist, or, when the format is inferred (``lenient``), a coarser date or a date in
    one of the list's ``others`` spellings; a table's date cell and a list entry's date alike."""
    try:
        value = fmt.read(text, today)
        if value is not None:  # most dates: in the format itself
            return value, None, False, fmt.respelt(text, value), None, None
        if not lenient:
            return None, None, False, None, None, None
        value = read_coarser(text, fmt, today)
        if value is not None:
            return value, None, True, None, None, None
        for other in others:
            value = other.read(text, today)
            if value is not None:
                rewritten = _written_as(fmt, other.precision, value)
                return value, None, other.precision < fmt.precision, None, other.spec, rewritten
    except InvalidDate as exc:
        return None, str(exc), False, None, None, None
    return None, None, False, None, None, None


@record(eq=False)
class GroupDates:
    """The dates of one group of entries (a list, a run of paragraph entries, an HTML table) read in its
    format, once for every rule that reads them (``date-format``, ``date-order``, ``arxiv-date``): what
    :func:`read_in_format` makes of each distinct date text of the group."""

    fmt: DateFormat
    #: the format is inferred, so coarser dates and the group's ``others`` spellings are read too
    lenient: bool
    #: the group's other spellings (:func:`entry_spellings`), () when the format is configured
    others: tuple[DateFormat, ...]
    #: each date text of the group, read
    parts: dict[str, DateParts]


def read_group_dates(texts: list[str], fmt: DateFormat, today: dt.date, lenient: bool) -> GroupDates:
    """The dates ``texts`` of a group of entries whose format is ``fmt``, each distinct one read once (a
    list writes the same day on many entries)."""
    others = entry_spellings(texts, fmt, today) if lenient else ()
    parts: dict[str, DateParts] = {}
    for text in texts:
        if text not in parts:
            parts[text] = read_in_format(text, fmt, today, lenient, others)
    return GroupDates(fmt, lenient, others, parts)


def _written_as(fmt: DateFormat, precision: int, value: DateValue) -> str | None:
    """``value`` written in ``fmt`` or the coarser spelling of ``fmt`` at ``precision``; None when ``fmt``
    has no spelling at that precision."""
    for spelling in (fmt, *coarser_spellings(fmt)):
        if spelling.precision == precision:
            return spelling.write(value)
    return None


def list_formats(values: list[str], fmt: DateFormat, today: dt.date) -> tuple[DateFormat, ...]:
    """The list's other spellings: the candidate formats, as precise as ``fmt`` or coarser, that at least
    two of the ``values`` neither ``fmt`` nor its coarser spellings read follow, most used first. A format
    that reads one of its values otherwise than another candidate (``05/06/2024``: May or June?) is no
    spelling of the list but a guess."""
    own = [f.regex.match for f in (fmt, *coarser_spellings(fmt))]
    rest = set()
    for value in set(values):
        for matches in own:
            if matches(value):
                break
        else:
            rest.add(value)  # no shape of fmt's
    if not rest:
        return ()
    counts: Counter[str] = Counter()
    for value, n in Counter(v for v in values if v in rest).items():
        for spec in format_shapes(value):
            counts[spec] += n
    out: list[DateFormat] = []
    for spec, n in counts.most_common():
        other = DateFormat.parse(spec)
        if n < 2 or other.precision > fmt.precision or spec == fmt.spec:
            continue
        if not _unambiguous(other, sorted(v for v in rest if other.matches_shape(v)), today):
            continue
        out.append(other)
    return tuple(out)


def entry_spellings(values: list[str], fmt: DateFormat, today: dt.date) -> tuple[DateFormat, ...]:
    """The other spellings of a group of entries whose dates follow ``fmt`` (``values``): the list's
    (:func:`list_formats`), and the day or month padded otherwise than the format pads it (``06 Jun 2022``
    among ``4 Feb 2023`` dates), a spelling that reads no value otherwise; not where a dot separates the
    parts (``2025.1`` may be ``2025.10`` with its zero lost)."""
    others = list_formats(values, fmt, today)
    twin = _PAD.sub(_swap_pad, fmt.spec)
    if twin == fmt.spec or "." in twin or any(o.spec == twin for o in others):
        return others
    return (*others, DateFormat.parse(twin))


_PAD = lazy_compile(r"(?<![A-Za-z])(?:DD|D|MM|M)(?![A-Za-z])")  # a day or month in digits, not in Mon


def _swap_pad(m: re.Match[str]) -> str:
    token = m.group()
    return token[0] if len(token) == 2 else token * 2


def _unambiguous(fmt: DateFormat, values: list[str], today: dt.date) -> bool:
    """Whether no other candidate of ``fmt``'s precision reads one of ``values`` as another date."""
    for value in values:
        try:
            mine = fmt.read(value, today)
        except InvalidDate:
            continue
        for other in candidate_formats():
            if other is fmt or other.precision != fmt.precision or not other.matches_shape(value):
                continue
            try:
                theirs = other.read(value, today)
            except InvalidDate:
                continue
            if theirs is not None and theirs != mine:
                return False
    return True
