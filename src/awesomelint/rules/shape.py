"""Entry shape: the list's own conventions for how an entry is written, inferred from its majority.

A list item of a list (``- [Name](url) - Description.``) shows four conventions: what it opens with (its
name as a link, as a bold link), the separator between its name and its description (`` - ``, `` — ``,
`` – ``, ``: ``), whether its description starts with a capital letter, and whether it ends with a
period (or ``!``, ``?``, ``…``). Each is counted per list (one group of sibling items). A convention
holds where at least :data:`SHARE` of the entries keep it, and only then is an entry that breaks it
reported: a list where half the items end with a period has no period convention. A list of fewer than
:data:`MIN_COUNTED` counted entries, or one without a convention of its own whose majority is the
document's, is measured against the document's lists of its depth (Awesome-LLM's 18 em dashes sit in a
list of 71% hyphens, in a document of 91%); a list whose majority is another way (or a small one whose
entries all agree on it) keeps its own style.

The description's end is its last character before what trails it: badges, linked images, a group of
links in brackets or parentheses (``([Source Code](…))``, ``[[crate](…)]``) and, in a list where most
descriptions end with code spans (a licence and language suffix: `` `MIT` `Go` ``), those code spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import cached_property

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.entries import Entry, Group
    from awesomelint.document.entry_roles import Reading
    from awesomelint.document.model import Link

#: the share of a list's entries (or the document's) that must keep a convention for it to hold
SHARE = 0.9
#: the counted entries a list needs to be measured on its own; a smaller one is measured with the
#: document's lists of its depth
MIN_COUNTED = 10
#: the entries of a small list that, all agreeing on another way, make it a style of its own
_OWN_STYLE = 3
_TERMINALS = ".!?…。！？"
_CLOSERS = ")\"'”’»*_"
#: a separator between an entry's name and its description, where the name ends
_SEPARATOR = lazy_compile(r"[ \t]*(?:--?|[–—:：])(?:[ \t]+|(?=[^\W\d_]))")
_WORD = lazy_compile(r"[^\W\d_]+")
_CODE_WORD = lazy_compile(r"`+([^\W\d_]+)")  # (no look-behind: the engine skips to each backtick)
#: a separator after a name written as text (a few words)
_NAME_SEPARATOR = lazy_compile(r"[ \t]+[-–—][ \t]+|[:：][ \t]+")
#: what makes a first word part of an identifier ('go:generate', 'node.js', 'x86', "npm's"): a name
_IDENTIFIER = lazy_compile(r"[0-9]|[._/@:'’+#-][^\W_]")
_FORMS = {"link": "a name link", "bold link": "a bold name link", "bold": "a bold title", "text": "text"}


@record(slots=True, kw_only=True, eq=False)
class _Shape:
    """How one entry is written (None: the entry does not show that part)."""

    entry: Entry
    form: str
    #: the separator, its spaces made one (`` - ``, ``: ``), and its offsets in the first line
    sep: str | None = None
    sep_start: int = 0
    sep_end: int = 0
    #: ``upper`` or ``lower``: the description's first letter; the word it opens, and its offset
    first: str | None = None
    word: str = ""
    #: whether the description ends with a period (or !, ?, …); where its last character is
    period: bool | None = None
    ends_in_code: bool = False
    end_line: int = 0
    end_offset: int = 0
    #: the (line, column, text) of the entry's own lines
    lines: list[tuple[int, int, str]] = field(default_factory=list)


def _counted(values: list[str | bool | None]) -> Counter[str | bool]:
    return Counter(v for v in values if v is not None)


def _convention(counts: Counter[str | bool]) -> tuple[str | bool, int, int] | None:
    """(the value, how many keep it, how many are counted) when one value holds the convention."""
    total = sum(counts.values())
    if not total:
        return None
    value, kept = counts.most_common(1)[0]
    return (value, kept, total) if kept >= SHARE * total else None


class EntryShape(Rule):
    name = "entry-shape"
    code = "AL302"
    severity = "warning"
    fixable = True
    entry_forms = ("item",)
    summary = "An entry is written unlike the entries of its list: separator, name, capital, final period."
    what = (
        "Infers, per list (a run of sibling items), how its entries are written: what they open with (the "
        "name as a link, as a bold link), the separator between name and description (' - ', ' — ', ' – ', "
        "': '), whether descriptions start with a capital letter and end with a period (or '!', '?', '…'). "
        f"A list of fewer than {MIN_COUNTED} entries, or one that keeps no convention of its own but leans "
        "the document's way, is measured with the document's lists of its depth (a list that prefers "
        "another way keeps its own style). "
        f"Where at least {SHARE:.0%} of the entries keep a convention, an entry that breaks it is reported, "
        "saying what the majority does and how many entries do it; below that share nothing is reported. "
        "The description's end is its last character before what trails it: badges, a group of links in "
        "brackets or parentheses (`([Source Code](…))`, `[[crate](…)]`) and, in a list where most "
        "descriptions end with code spans (a licence and language suffix), those code spans. "
        "--fix replaces the separator, adds the missing period before that suffix, and capitalises a "
        "first word the document also writes capitalised (never a name such as npm or iOS, the entry's own "
        "name, a word the document writes as code such as `go test`, or an acronym written small). An "
        "entry that does not open with its name link is reported only when its own list keeps that form. "
        "Table rows, the table of contents, badge lines and the introduction are not entries of a list."
    )
    why = (
        "A list that keeps one shape reads as one list; the entry that slipped from it (an em dash among "
        "hyphens, a missing period) is what a reviewer otherwise points out by hand. Inferring the list's "
        "own convention, rather than imposing one, keeps lists that chose another style free of noise."
    )
    example = (
        "- [Alpha](https://a.example) - Parses things.\n"
        "- [Beta](https://b.example) — formats things\n"
        "- [Gamma](https://c.example) - Checks things.\n"
        "(and 20 more entries written like Alpha)"
    )
    fixed = (
        "- [Alpha](https://a.example) - Parses things.\n"
        "- [Beta](https://b.example) - Formats things.\n"
        "- [Gamma](https://c.example) - Checks things."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.doc.list_items:
            return  # no list: the entry model is not built (a list of tables pays nothing for this rule)
        # lazy: the entry model is imported by the rules that read entries only (start-up of a run that
        # selects none of them)
        from awesomelint.document.entries import document_entries
        from awesomelint.document.entry_roles import name_end

        groups = [g for g in document_entries(ctx.doc, ctx.info).groups if g.kind == "list" and not g.skipped]
        shapes = [
            [_shape(e, name_end) for e in g.entries if not e.skipped and e.kind == "item"] for g in groups
        ]
        in_code = sum(1 for found in shapes for s in found if s.ends_in_code)
        described = sum(1 for found in shapes for s in found if s.period is not None)
        for found in shapes:
            counted = sum(1 for s in found if s.period is not None)
            own = sum(1 for s in found if s.ends_in_code)
            if (own * 2 > counted) if counted >= MIN_COUNTED else (in_code * 2 > described):
                for s in found:
                    if s.sep is not None:
                        _read_end(s, code_suffix=True)
        yield from _Checker(ctx, groups, shapes).findings()


class _Checker:
    """The conventions of each list and of the document, and the entries that break them."""

    def __init__(self, ctx: Context, groups: list[Group], shapes: list[list[_Shape]]) -> None:
        self.ctx, self.groups, self.shapes = ctx, groups, shapes
        self.doc_counts: dict[tuple[str, bool], Counter[str | bool]] = {}
        for group, found in zip(groups, shapes, strict=True):
            for part in ("form", "sep", "first", "period"):
                key = (part, group.parent is not None)
                self.doc_counts.setdefault(key, Counter()).update(_counted([getattr(s, part) for s in found]))

    def findings(self) -> Iterator[Finding]:
        out: list[Finding] = []
        for group, found in zip(self.groups, self.shapes, strict=True):
            for part in ("form", "sep", "first", "period"):
                values = [getattr(s, part) for s in found]
                held = self.convention(group, part, values)
                if held is None:
                    continue
                value, kept, total, scope = held
                for s, v in zip(found, values, strict=True):
                    if v is not None and v != value:
                        finding = self.report(part, s, value, f"{kept:,} of {total:,} entries of {scope}")
                        if finding is not None:
                            out.append(finding)
        out.sort(key=Finding.sort_key)
        return iter(out)

    def convention(
        self, group: Group, part: str, values: list[str | bool | None]
    ) -> tuple[str | bool, int, int, str] | None:
        """(the value, how many keep it, how many are counted, whose convention) that the entries of
        ``group`` are measured against: the list's own when it keeps one; else the document's lists' of
        its depth, unless the list prefers another way (a style of its own)."""
        own = _counted(values)
        counted = sum(own.values())
        if counted >= MIN_COUNTED:
            held = _convention(own)
            if held is not None:
                return (*held, "this list")
        if part == "form" or not own:
            return None  # a small list of another form is a note, a list of related lists
        held = _convention(self.doc_counts[(part, group.parent is not None)])
        if held is None or held[2] < MIN_COUNTED:
            return None
        preferred = own.most_common(1)[0][0]
        if preferred != held[0] and (counted >= MIN_COUNTED or (len(own) == 1 and counted >= _OWN_STYLE)):
            return None  # a list with a style of its own
        return (*held, "the document's nested lists" if group.parent is not None else "the document")

    def report(self, part: str, s: _Shape, value: str | bool, share: str) -> Finding | None:
        ctx, entry = self.ctx, s.entry
        line, col, text = s.lines[0]
        if part == "form":
            if value not in ("link", "bold link") or entry.children or not _named(entry.reading, text):
                return None  # a heading of nested items, a note ('Other lists can be found in [x](…)')
            return ctx.report(
                entry.line,
                col + entry.reading.start,
                f"the entry opens with {_FORMS[s.form]}; {share} open with {_FORMS[str(value)]}",
            )
        if part == "sep":
            assert isinstance(value, str) and s.sep is not None
            fix = _replace(ctx, line, col - 1 + s.sep_start, col - 1 + s.sep_end, value)
            if fix is not None:
                fix.description = f"use {value!r} as the separator"
            return ctx.report(
                line,
                col + s.sep_start,
                f"separator {s.sep!r}; {share} use {value!r}",
                end_column=col + s.sep_end,
                fix=fix,
            )
        if part == "first":
            if value != "upper" or s.word in _name_words(entry.reading) or not self.written_as_word(s.word):
                return None  # a name: the entry's own ('beego is ...'), or one the document writes so
            start = col - 1 + s.sep_end
            fix = None
            if not self.acronym(s.word):
                fix = _replace(ctx, line, start, start + 1, s.word[0].upper())
                if fix is not None:
                    fix.description = f"capitalise {s.word!r}"
            return ctx.report(
                line,
                start + 1,
                f"the description starts with a lower-case letter ({s.word!r}); {share} start theirs "
                "with a capital",
                end_column=start + 1 + len(s.word),
                fix=fix,
            )
        if value is not True:
            return None
        raw = ctx.doc.lines[s.end_line - 1]
        last_col = next(c for ln, c, _ in s.lines if ln == s.end_line) - 1 + s.end_offset
        fix = None
        if raw[last_col - 1] != "\\":
            fix = _replace(ctx, s.end_line, last_col, last_col, ".")
            if fix is not None:
                fix.description = "end the description with a period"
        return ctx.report(
            s.end_line,
            last_col,
            f"the description ends without a period; {share} end theirs with '.', '!', '?' or '…'",
            end_column=last_col + 1,
            fix=fix,
        )

    @cached_property
    def words(self) -> Counter[str]:
        """The words of the document, as written, with how often each is."""
        return Counter(_WORD.findall(self.ctx.text))

    def acronym(self, word: str) -> bool:
        """Whether the document writes ``word`` in capitals more often than capitalised ('cli': CLI)."""
        return len(word) > 1 and self.words[word.upper()] > self.words[word.capitalize()]

    @cached_property
    def code_words(self) -> frozenset[str]:
        """The words that open a code span of the document (`` `go test` ``: a command, a name)."""
        return frozenset(_CODE_WORD.findall(self.ctx.text))

    def written_as_word(self, word: str) -> bool:
        """Whether the document writes ``word`` capitalised somewhere and never opens a code span with it:
        a word, not a name such as npm or a command such as ``go test``."""
        upper = word[0].upper()
        return len(upper) == 1 and self.words[upper + word[1:]] > 0 and word not in self.code_words


def _named(reading: Reading, text: str) -> bool:
    """Whether an entry that does not open with a link opens with a name all the same: a bold span or a
    few words (not in brackets: a '[[crate](…)]') followed by a separator, ``**Name** - …``,
    ``Name - …``."""
    start = reading.title_end if reading.bold else reading.start
    if text.startswith("[", reading.start):
        return False
    m = _NAME_SEPARATOR.search(text, start, start + 60)
    return m is not None and (bool(reading.bold) or "[" not in text[start : m.start()])


def _name_words(reading: Reading) -> set[str]:
    """The words of the entry's name link, lower-cased."""
    link = reading.lead or reading.bold_link
    return {w.casefold() for w in _WORD.findall(link.text)} if link is not None else set()


def _replace(ctx: Context, line: int, start: int, end: int, new: str) -> Fix | None:
    raw = ctx.doc.lines[line - 1]
    if not 0 <= start <= end <= len(raw):
        return None
    return Fix(line=line, end_line=line, replacement=[raw[:start] + new + raw[end:]])


# --- how one entry is written ------------------------------------------------------------------------------


def _shape(
    entry: Entry, name_end: Callable[[Reading, list[tuple[int, int, str]], list[Link]], int]
) -> _Shape:
    """How ``entry`` is written; ``name_end`` is :func:`awesomelint.document.entry_roles.name_end`, imported
    with the entry model."""

    reading = entry.reading
    if reading.lead is not None:
        form = "link"
    elif reading.bold_link is not None:
        form = "bold link"
    else:
        form = "bold" if reading.bold else "text"
    s = _Shape(entry=entry, form=form, lines=entry.lines)
    if form not in ("link", "bold link") or not entry.lines:
        return s
    _line, _col, text = entry.lines[0]
    pos = name_end(reading, entry.lines, entry.links)
    m = _SEPARATOR.match(text, pos)
    if m is None:
        return s
    start = pos
    while start > reading.title_end and text[start - 1] in " \t":
        start -= 1  # the spaces before the separator (past the name's marks already)
    sep = m.group().strip(" \t")
    before, after = start < pos or m.group()[0] in " \t", m.group()[-1] in " \t"
    if sep.startswith("-") and not before and not after:
        return s  # a hyphenated word ('[Name](…)-based'), no separator
    s.sep = (" " if before else "") + sep + (" " if after else "")
    s.sep_start, s.sep_end = start, m.end()
    w = _WORD.match(text, m.end())
    if w is not None and not _IDENTIFIER.match(text, w.end()):
        word = w.group()
        if word[0].isupper():
            s.first = "upper"
        elif word.islower():
            s.first, s.word = "lower", word
    s.lines = _description_lines(entry.lines)
    _read_end(s, code_suffix=False)
    return s


def _description_lines(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The entry's first line and the lines that continue its description: up to a line that opens
    with a link, an image or HTML (a lazy '**[⬆ back to top](#contents)**', a '-[name](…)' that is no
    item)."""
    for i in range(1, len(lines)):
        if lines[i][2].lstrip("*_-+ \t").startswith(("[", "!", "<")):
            return lines[:i]
    return lines


def _read_end(s: _Shape, code_suffix: bool) -> None:
    """Where the description ends (see the module's docstring), and whether a period ends it."""
    entry = s.entry
    line, col, text = s.lines[-1]
    lo = s.sep_end if len(s.lines) == 1 else 0
    links = [k for k in entry.links if k.line == line]
    pos = _description_end(text, lo, col, links, code_suffix)
    s.period, s.ends_in_code = None, False
    if pos is None:
        return
    if text[pos - 1] == "`" and not code_suffix:
        s.ends_in_code = True
    end = pos
    while end > lo and text[end - 1] in _CLOSERS and end > pos - 3:
        end -= 1
    last = text[end - 1] if end > lo else ""
    if last in (":", "：") and entry.children:
        return  # it introduces its nested items
    s.period = last in _TERMINALS or _aside_after_period(text, lo, pos)
    s.end_line, s.end_offset = line, pos


def _aside_after_period(text: str, lo: int, pos: int) -> bool:
    """Whether the description ends with an aside in parentheses after a sentence's end (``Go. (Only
    Go 1.18+)``, ``framework. *(See [x](…))*``)."""
    end = pos
    while end > lo and text[end - 1] in "*_":
        end -= 1
    if end <= lo or text[end - 1] != ")":
        return False
    depth, k = 0, end - 1
    while k >= lo:
        depth += {")": 1, "(": -1}.get(text[k], 0)
        if depth == 0:
            break
        k -= 1
    while k > lo and text[k - 1] in "*_ \t":
        k -= 1
    return k > lo and text[k - 1] in _TERMINALS


def _description_end(text: str, lo: int, col: int, links: list[Link], code_suffix: bool) -> int | None:
    """The offset after the last character of the description in ``text`` (from ``lo``), what trails
    it left out; None when nothing else is left."""
    ends = {k.end_column - col: k for k in links if k.wrapper is None}
    pos = len(text)
    while pos > lo:
        while pos > lo and (text[pos - 1] in " \t" or _is_symbol(text[pos - 1])):
            pos -= 1  # spaces, an emoji after the end ('… performance! 🚀')
        link = ends.get(pos)
        if link is not None and (link.is_image or link.text.lstrip().startswith("![")):
            pos = link.column - col  # a badge
            continue
        if pos > lo and text[pos - 1] in ")]":
            opened = _link_group_start(text, lo, pos, ends, col)
            if opened is not None:
                pos = opened
                continue
        if code_suffix and pos > lo and text[pos - 1] == "`":
            start = text.rfind("`", lo, pos - 1)
            if start >= lo:
                pos = start
                continue
        break
    return pos if pos > lo else None


def _is_symbol(char: str) -> bool:
    """An emoji or another symbol (with its variation selectors and joiners), not a word or a mark."""
    if char < "\u2000":
        return False
    from unicodedata import category  # lazy: only a line that ends in a symbol reads it (start-up)

    return category(char) in ("So", "Sk", "Cf") or "\ufe00" <= char <= "\ufe0f"


def _link_group_start(text: str, lo: int, pos: int, ends: dict[int, Link], col: int) -> int | None:
    """Where a group of links in brackets or parentheses that ends at ``pos`` opens (``([Source
    Code](…))``, ``[[crate](…)]``, ``([Demo](…), [Source Code](…))``); None when none ends there."""
    opener = "(" if text[pos - 1] == ")" else "["
    k, seen = pos - 1, 0
    while k > lo:
        link = ends.get(k)
        if link is not None:
            k, seen = link.column - col, seen + 1
        elif text[k - 1] in " \t,|/·":
            k -= 1
        else:
            break
    if seen and k > lo and text[k - 1] == opener:
        return k - 1
    return None


RULES: list[type[Rule]] = [EntryShape]
