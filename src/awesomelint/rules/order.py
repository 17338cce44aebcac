"""Order of entries: a list kept in alphabetical order of its names keeps it in every section."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.findings import Finding
from awesomelint.rules._fixes import reorder_items_fix
from awesomelint.rules._order import keep_order
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable

    from awesomelint.document.entries import Entry, Group
    from awesomelint.document.entry_roles import Reading, Scheme

    TitleReader = Callable[[Reading, list[tuple[int, int, str]], Scheme], tuple[str, int, int, object]]

#: a list is alphabetical when at least this share of its groups of MIN_ENTRIES or more is sorted by one key
MIN_SORTED_SHARE = 0.9
MIN_ENTRIES = 4
#: a group of an alphabetical list with more than this share of its entries out of place (and more than
#: one) is kept in another order on purpose: it gets nothing
MAX_DISORDER = 0.25

#: a link's text in place of the link (``**[Title](url)**``), markup around a name
_LINK = lazy_compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
_MARKUP = "*_`~ \t"
_THE = lazy_compile(r"(?i)the\s+")
_WORD = lazy_compile(r"[^\W_]+")
#: the digits after every other character (a key whose names with digits come last)
_DIGITS_LAST = str.maketrans({str(d): chr(0x10FFF0 + d) for d in range(10)})


class _Key:
    """One way of sorting names: case-insensitive or not, without a leading "The" or with it,
    punctuation kept, ignored, or read as a file name's separators (``immich-kiosk.yml`` before
    ``immich.yml``: a list generated from one file per entry), digits before letters (as code points
    put them) or after."""

    __slots__ = ("digits_last", "fold", "punctuation", "the")

    def __init__(self, fold: bool, the: bool, punctuation: str, digits_last: bool) -> None:
        self.fold, self.the, self.punctuation, self.digits_last = fold, the, punctuation, digits_last

    def __call__(self, name: str) -> str:
        if self.the and (m := _THE.match(name)) is not None and m.end() < len(name):
            name = name[m.end() :]
        if self.fold:
            name = name.lower()
        if self.punctuation == "ignored":
            name = "".join(c for c in name if c.isalnum())
        elif self.punctuation == "file":
            name = "-".join(_WORD.findall(name)) + "."
        if self.digits_last:
            name = name.translate(_DIGITS_LAST)
        return name

    def describe(self) -> str:
        parts = ["case-insensitive" if self.fold else "case-sensitive"]
        if self.the:
            parts.append('a leading "The" ignored')
        if self.punctuation == "ignored":
            parts.append("spaces and punctuation ignored")
        elif self.punctuation == "file":
            parts.append("as file names: a name before the shorter name it extends")
        if self.digits_last:
            parts.append("digits after letters")
        return ", ".join(parts)


#: the keys tried, the plainest first (a tie goes to the first)
_KEYS = [
    _Key(fold, the, punctuation, digits_last)
    for fold in (True, False)
    for the in (False, True)
    for punctuation in ("kept", "ignored", "file")
    for digits_last in (False, True)
]


def entry_title(entry: Entry, list_title: TitleReader) -> tuple[str, int, int]:
    """The entry's title as written, with its line and column (0 where unknown): read alone, without
    the entry's other roles, which this rule does not need."""
    if entry.kind in ("item", "paragraph"):
        title, line, column, _link = list_title(entry.reading, entry.lines, entry.group.scheme)
        return title, line, column
    roles = entry.roles
    return roles.title, roles.title_line, roles.title_column


def entry_name(title: str) -> str:
    """An entry's name as it reads: its title (the bold span, the name link's text) without markup."""
    if "[" in title:
        title = _LINK.sub(lambda m: m.group(1), title)
    return title.strip(_MARKUP)


def _named(group: Group, list_title: TitleReader) -> list[tuple[Entry, str]] | None:
    """The entries of a group this rule reads, with their names; None for a group it does not read (a
    table, a table of contents, badges, the introduction, a dated list: ordered by date)."""
    if group.skipped or group.kind not in ("list", "paragraphs") or group.scheme.date_format is not None:
        return None
    out = []
    for entry in group.entries:
        if entry.skipped:
            continue
        name = entry_name(entry_title(entry, list_title)[0])
        if name:
            out.append((entry, name))
    return out


def sorted_by(names: list[str], key: _Key) -> bool:
    keys = [key(n) for n in names]
    return all(a <= b for a, b in itertools.pairwise(keys))


def infer_key(groups: list[list[tuple[Entry, str]]]) -> _Key | None:
    """The key by which the list keeps its groups in alphabetical order: the one that sorts the most of
    its groups of :data:`MIN_ENTRIES` entries or more, when that is at least :data:`MIN_SORTED_SHARE` of
    them; None for a list that is not alphabetical."""
    big = [[name for _, name in g] for g in groups if len(g) >= MIN_ENTRIES]
    if not big:
        return None
    need = MIN_SORTED_SHARE * len(big)
    best, best_count = None, 0
    for key in _KEYS:
        count = 0
        for i, names in enumerate(big):
            if sorted_by(names, key):
                count += 1
            elif count + len(big) - i - 1 < max(need, best_count + 1):
                break  # cannot reach the share, nor beat the best
        else:
            if count >= need and count > best_count:
                best, best_count = key, count
    return best


class EntryOrderRule(Rule):
    name = "entry-order"
    entry_forms = ("item", "paragraph")
    code = "AL204"
    severity = "warning"
    summary = "An entry breaks the alphabetical order its list keeps."
    what = (
        "Infers whether a list keeps its entries in alphabetical order of their names (the bold title, or "
        "the name link's text), and by which key: case-insensitive or not, with or without a leading "
        '"The", punctuation ignored or not, digits before or after letters. A list is alphabetical when '
        f"at least {int(MIN_SORTED_SHARE * 100)}% of its lists (sections, sub-lists, runs of paragraph "
        f"entries) of {MIN_ENTRIES} entries or more are sorted by one key; then, in each list, the fewest "
        "entries whose moving restores the order are reported, with the two entries each belongs between. "
        "A list not alphabetical by design (ordered by importance, by date) gets nothing, nor does a "
        "section sorted by another of those keys that reads the case as the list's key does, or a "
        f"section with more than {int(MAX_DISORDER * 100)}% of its entries out of place, a dated list, a "
        "table, a table of contents, badges or the introduction. --fix sorts the list, moving each item "
        "whole, with its nested items and continuation lines."
    )
    why = (
        "Readers of an alphabetical list look an entry up where its name belongs; a misplaced one is missed."
    )
    example = "- [acmetool](https://…) - ACME client.\n- [acme-proxy](https://…) - ACME proxy.\n- [acra](https://…) - …"
    fixed = "- [acme-proxy](https://…) - ACME proxy.\n- [acmetool](https://…) - ACME client.\n- [acra](https://…) - …"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if not (doc.list_items or doc.paragraphs):
            return
        # imported here: the entry model is built only for a document that has list or paragraph entries
        # (start-up of a table list, and of a run without this rule)
        from awesomelint.document.entries import document_entries
        from awesomelint.document.entry_roles import list_title

        read = []
        for group in document_entries(doc, ctx.info).groups:
            named = _named(group, list_title)
            if named:
                read.append((group, named))
        key = infer_key([named for _, named in read])
        if key is None:
            return
        for group, named in read:
            yield from _group_findings(ctx, group, named, key, list_title)


def _group_findings(
    ctx: Context, group: Group, named: list[tuple[Entry, str]], key: _Key, list_title: TitleReader
) -> Iterator[Finding]:
    names = [name for _, name in named]
    if sorted_by(names, key) or any(sorted_by(names, other) for other in _KEYS if other.fold == key.fold):
        return  # sorted by a key that reads the case as the list's does: a section of its own habit
    # the key (the list's first, then those that read the case as it does) that moves the fewest entries
    best: tuple[int, _Key, list[str], list[int]] | None = None
    for other in [key, *(k for k in _KEYS if k.fold == key.fold and k is not key)]:
        keys = [other(name) for name in names]
        keep = keep_order(keys)
        if best is None or len(keep) > best[0]:
            best = (len(keep), other, keys, keep)
    assert best is not None
    _, key, keys, keep = best
    n, misplaced = len(named), len(named) - len(keep)
    if not misplaced or (misplaced > 1 and misplaced > MAX_DISORDER * n):
        return
    fix = None
    if group.kind == "list" and n == len(group.entries):
        ordered = sorted(range(n), key=keys.__getitem__)  # stable: equal names keep their order
        fix = reorder_items_fix(ctx, group.entries, ordered, f"sort the list at line {group.line} by name")
    kept_keys = [keys[k] for k in keep]
    kept = set(keep)
    for i, (entry, name) in enumerate(named):
        if i in kept:
            continue
        pos = bisect_right(kept_keys, keys[i])
        around = [keep[pos - 1] if pos else None, keep[pos] if pos < len(keep) else None]
        places = [
            f"{word} {named[k][1]!r} (line {named[k][0].line})"
            for word, k in zip(("after", "before"), around, strict=True)
            if k is not None
        ]
        _title, line, col = entry_title(entry, list_title)
        if not line:
            line, col = entry.lines[0][:2] if entry.lines else (entry.line, entry.column)
        yield ctx.report(
            line,
            col,
            f"entry breaks the list's alphabetical order ({key.describe()}): "
            + expected_found("a place " + " and ".join(places), repr(name)),
            fix=fix,  # every finding of the list carries the one fix that sorts it
            related_lines=[named[k][0].line for k in around if k is not None],
        )


RULES: list[type[Rule]] = [EntryOrderRule]
