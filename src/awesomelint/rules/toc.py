"""The table of contents: entries that lead nowhere, headings it lacks, entries out of the headings' order."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.entries import Group
    from awesomelint.document.model import Document
    from awesomelint.document.toc import Toc, TocItem


#: comparisons of broken entries with missing headings, at most, when looking for renames (a hostile table of
#: contents of thousands of both gets none)
_RENAME_BUDGET = 200_000


class TableOfContents(Rule):
    name = "toc"
    code = "AL408"
    severity = "warning"
    fixable = True
    summary = "The table of contents lacks a heading, lists one out of order, or links no heading."
    what = (
        "Recognises the table of contents: a list (nested or not, numbered or not, under any heading or none) "
        "whose items link into the document itself, most of them to its headings, or several such lists read "
        "as one. Reports, as an error, an entry whose link reaches no heading and no HTML id (`broken-anchor` "
        "leaves these to this rule, so each is reported once); as warnings, a heading the table of contents "
        "means to list and lacks, and an entry out of the order of the headings it links. The headings it "
        "means to list are inferred from those it lists: of the levels its entries reach, under a heading "
        "whose subsections of that level it lists some of, after its first list; the title, the headings "
        "before it and its own heading are not asked for, nor the sections about the list itself "
        "(Contributing, License, ...) when it lists none of them. An HTML id standing right under a heading "
        '(`## Name` then `<div id="name"></div>`) counts as that heading\'s anchor. '
        "`--fix` adds each missing heading to the list where its neighbours are, in the style of its "
        "sibling entries (marker, indentation, emoji or bold around the link, the heading's text with or "
        "without its emoji, `#` or `./#`; numbered entries are renumbered), and puts the entries in the "
        "headings' order, each with its nested entries. It rewrites an entry that leads nowhere only when "
        "one heading the table of contents lacks resembles its link (a typo, a small rename) and no other "
        "entry does: the link is pointed at that heading, its text left as it is. A renamed heading that "
        "resembles no entry is added as a new entry, and the old entry stays reported for a person to "
        "remove. It leaves alone a list whose entries have no common style, loose lists and entries "
        "with text after their nested list."
    )
    why = (
        "A table of contents is the reader's map: a section added without its entry is hard to find, an "
        "entry whose heading was renamed leads nowhere, and entries out of order send the reader back "
        "and forth."
    )
    example = (
        "## Contents\n\n- [Tools](#tools)\n- [Books](#books)\n- [Talks](#talk)\n\n"
        "## Books\n\n## Tools\n\n## Talks\n\n## Videos"
    )
    fixed = (
        "## Contents\n\n- [Books](#books)\n- [Tools](#tools)\n- [Talks](#talks)\n- [Videos](#videos)\n\n"
        "## Books\n\n## Tools\n\n## Talks\n\n## Videos"
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.doc.list_items or not ctx.doc.sections:
            return
        # lazy: the entry model and the anchors cost start-up; a document without a list needs neither
        from awesomelint.document.toc import expected_headings, table_of_contents

        toc = table_of_contents(ctx.doc, ctx.info)
        if toc is None:
            return
        doc = ctx.doc
        missing = expected_headings(doc, toc)
        renames = _renames(toc, missing)
        renamed = set(renames.values())
        missing = [h for h in missing if h not in renamed]
        unlinked = _unlinked(toc, missing)
        plan = _Plan(doc, toc, [h for h in missing if h not in unlinked])
        for item in toc.items:
            if item.broken:
                yield _broken(ctx, toc, item, renames.get(id(item)))
        for h in missing:
            section = doc.sections[h]
            where = f"the table of contents at line {toc.lists[0].line}"
            if h in unlinked:
                where += f": its entry at line {unlinked[h]} is no link"
            yield ctx.report(
                section.line,
                1,
                f"heading {_plain(section.title)!r} is missing from {where}",
                fix=None if h in unlinked else plan.fix_for_heading(h),
                related_lines=[group.line for group in toc.lists],
            )
        for item, belongs, stands in plan.out_of_order():
            assert item.link is not None and item.heading is not None
            yield ctx.report(
                item.entry.line,
                item.link.column,
                f"table of contents entry {_label(item)!r} is out of the headings' order: "
                + expected_found(belongs, stands),
                end_column=item.link.end_column,
                fix=plan.fix_for_group(item.entry.group),
                related_lines=[doc.sections[item.heading].line],
            )


def _plain(markdown: str) -> str:
    from awesomelint.document.anchors import rendered_text  # lazy: with the table of contents only

    return rendered_text(markdown).strip()


def _label(item: TocItem) -> str:
    """An entry as the reader sees it: its link's text, else its own first line."""
    return _plain(item.link.text if item.link is not None else item.entry.text.split("\n", 1)[0])


def _between(doc: Document, before: int | None, after: int | None) -> str:
    parts = []
    if before is not None:
        parts.append(f"after {_plain(doc.sections[before].title)!r} (line {doc.sections[before].line})")
    if after is not None:
        parts.append(f"before {_plain(doc.sections[after].title)!r} (line {doc.sections[after].line})")
    return "it " + " and ".join(parts) if parts else "it in the headings' order"


def _unlinked(toc: Toc, missing: list[int]) -> dict[int, int]:
    """Missing heading -> the line of an entry that names it but is no link (``[Name](#a name)``, whose
    destination holds a space, renders as text): adding an entry beside it would list the heading twice."""
    names: dict[str, int] = {}
    for item in toc.items:
        if item.link is None:
            text = item.entry.text.split("\n", 1)[0]
            if text.startswith("[") and "]" in text:
                text = text[1 : text.index("]")]  # the text of what was meant as a link
            names.setdefault(_bare(_plain(text)).casefold(), item.entry.line)
    if not names:
        return {}
    found = {h: names.get(_bare(_plain(toc.doc_titles[h])).casefold()) for h in missing}
    return {h: line for h, line in found.items() if line is not None}


def _renames(toc: Toc, missing: list[int]) -> dict[int, int]:
    """Broken entry (by ``id``) -> the missing heading it is unambiguously meant for: the only missing
    heading whose anchor resembles its link, resembled by no other broken entry."""
    from awesomelint.document.anchors import resembles  # lazy: with the table of contents only

    broken = [item for item in toc.items if item.broken]
    if not broken or not missing or len(broken) * len(missing) > _RENAME_BUDGET:
        return {}
    pairs = {
        id(item): [h for h in missing if resembles(item.fragment.lower(), toc.heading_slugs[h])]
        for item in broken
    }
    claims: dict[int, int] = {}
    for hs in pairs.values():
        for h in hs:
            claims[h] = claims.get(h, 0) + 1
    return {key: hs[0] for key, hs in pairs.items() if len(hs) == 1 and claims[hs[0]] == 1}


def _broken(ctx: Context, toc: Toc, item: TocItem, heading: int | None) -> Finding:
    link = item.link
    assert link is not None
    fix = None
    if heading is not None:
        section = ctx.doc.sections[heading]
        slug = toc.heading_slugs[heading]
        message = "table of contents entry links no heading: " + expected_found(
            f"#{slug} (the heading at line {section.line})", f"#{item.fragment}"
        )
        line = ctx.doc.lines[link.line - 1]
        start = link.url_column - 1
        if line[start : start + len(link.url)] == link.url:
            lead = "./#" if link.url.startswith("./") else "#"
            new = line[:start] + lead + slug + line[start + len(link.url) :]
            fix = Fix(
                line=link.line,
                end_line=link.line,
                replacement=[new],
                description=f"point the table of contents entry #{item.fragment} at #{slug}",
            )
    else:
        message = f"table of contents entry links no heading: no heading or HTML id gives #{item.fragment}"
    return ctx.report(
        link.line,
        link.url_column,
        message,
        severity="error",
        end_column=link.url_column + len(link.url),
        fix=fix,
    )


class _Plan:
    """Where each missing heading goes and the order of each list, and the fix of each top-level list."""

    def __init__(self, doc: Document, toc: Toc, missing: list[int]) -> None:
        from awesomelint.document.toc import parent_headings  # lazy: with the table of contents only

        self.doc, self.toc = doc, toc
        self.parents = parent_headings(doc)
        self.inserts: dict[int, list[int]] = {}  # group index -> missing headings it receives
        self.target: dict[int, int] = {}  # missing heading -> the group index that receives it
        self.siblings: dict[tuple[int, int | None], list[tuple[int, int]]] | None = None
        self.unplaced: set[int] = set()
        self.fixes: dict[int, Fix | None] = {}
        for h in missing:
            group = self._group_for(h)
            if group is None:
                self.unplaced.add(h)
            else:
                self.inserts.setdefault(group, []).append(h)
                self.target[h] = group

    def _family(self, h: int) -> tuple[int, int | None]:
        return self.doc.sections[h].level, self.parents[h]

    def _group_for(self, h: int) -> int | None:
        """The list whose entries are the missing heading's siblings: the one of the nearest sibling above
        it, else below it."""
        if self.siblings is None:
            self.siblings = {}
            for index, items in self.toc.by_group.items():
                for item in items:
                    if item.heading is not None and self.placed(item):
                        line = self.doc.sections[item.heading].line
                        self.siblings.setdefault(self._family(item.heading), []).append((line, index))
            for lines in self.siblings.values():
                lines.sort()
        found = self.siblings.get(self._family(h))
        if not found:
            return None
        cut = bisect_right(found, (self.doc.sections[h].line, -1))
        return found[cut - 1][1] if cut else found[0][1]

    def out_of_order(self) -> Iterator[tuple[TocItem, str, str]]:
        """The entries whose moving restores the headings' order in their list (the fewest), each with
        where it belongs (between the headings of the entries kept in place) and where it stands."""
        sections = self.doc.sections
        for items in self.toc.by_group.values():
            placed = [item for item in items if self.placed(item)]
            keep = _longest_sorted([sections[item.heading].line for item in placed])  # type: ignore[index]
            kept = [h for k in sorted(keep) if (h := placed[k].heading) is not None]
            for k, item in enumerate(placed):
                if k in keep or item.heading is None:
                    continue
                mine = sections[item.heading].line
                before = [h for h in kept if sections[h].line <= mine]
                after = [h for h in kept if sections[h].line > mine]
                at = items.index(item)
                here = f"after {_label(items[at - 1])!r}" if at else "first in its list"
                yield (
                    item,
                    _between(self.doc, before[-1] if before else None, after[0] if after else None),
                    here,
                )

    def placed(self, item: TocItem) -> bool:
        """Whether an entry takes part in the order: it links a heading below the table of contents (a
        back-link to the title stays where it is)."""
        return item.heading is not None and self.doc.sections[item.heading].line > self.toc.lists[0].line

    def fix_for_heading(self, h: int) -> Fix | None:
        if h in self.unplaced:
            return None
        return self._fix(self._root(self.target[h]))

    def fix_for_group(self, group: Group) -> Fix | None:
        return self._fix(self._root(group.index))

    def _root(self, index: int) -> Group:
        group = self.toc.by_group[index][0].entry.group
        while group.parent is not None:
            group = group.parent.group
        return group

    def _fix(self, root: Group) -> Fix | None:
        if root.index not in self.fixes:
            lines = _Rebuild(self, self.inserts).group(root)
            self.fixes[root.index] = (
                None
                if lines is None
                else Fix(
                    line=root.line,
                    end_line=root.end_line,
                    replacement=lines,
                    kind="toc",
                    description=f"complete and order the table of contents at line {root.line}",
                )
            )
        return self.fixes[root.index]


def _longest_sorted(values: list[int]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of ``values`` (patience sorting, n log n)."""
    tails: list[int] = []  # index of the smallest tail of each length
    tail_values: list[int] = []
    prev: list[int] = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_right(tail_values, v)
        if k:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(v)
        else:
            tails[k] = i
            tail_values[k] = v
    out: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


# --- the fix: a list of the table of contents rebuilt from its own lines -----------------------------------

#: an ordered list marker after the indentation: its number is the ToC's numbering, not its style
_ORDERED = lazy_compile(r"([ \t>]*)([0-9]{1,9})([.)])")
#: what a heading's text escapes in a link text so that it renders as the same text
_ESCAPE = lazy_compile(r"([\\`*_\[\]<>&~!])")

_Unit = list[str]  # the lines of one item, its nested items included


class _Rebuild:
    """The lines of a list of the table of contents with its entries in the headings' order and the
    missing headings added; None where that is not a mechanical edit (see the rule's ``what``)."""

    def __init__(self, plan: _Plan, inserts: dict[int, list[int]]) -> None:
        self.plan, self.doc, self.toc, self.inserts = plan, plan.doc, plan.toc, inserts
        self.lines = plan.doc.lines

    def group(self, group: Group) -> list[str] | None:
        lines = self.lines
        verbatim = lines[group.line - 1 : group.end_line]
        items = self.toc.by_group.get(group.index, [])
        units: list[_Unit] = []
        changed = False
        for item in items:
            unit = self.unit(item)
            if unit is None:
                return None
            changed = changed or unit != lines[item.entry.line - 1 : item.entry.end_line]
            units.append(unit)
        sections = self.doc.sections
        placed = [k for k, item in enumerate(items) if self.plan.placed(item)]
        order = sorted(placed, key=lambda k: sections[items[k].heading].line)  # type: ignore[index]
        new = sorted(self.inserts.get(group.index, []), key=lambda h: sections[h].line)
        if not changed and order == placed and not new:
            return verbatim
        entries = [item.entry for item in items]
        if any(b.line != a.end_line + 1 for a, b in pairwise(entries)):
            return None  # a loose list: moving items would move the blank lines between them
        slots = dict(zip(placed, order, strict=True))
        if new:
            template = self.template(items)
            if template is None:
                return None
            # each new entry goes after the entry of the last heading above it (else before the first)
            after: dict[int, list[int]] = {}
            lines_in_order = [sections[items[k].heading].line for k in order]  # type: ignore[index]
            for h in new:
                cut = bisect_right(lines_in_order, sections[h].line - 1)
                after.setdefault(order[cut - 1] if cut else -1, []).append(h)
            filled = [[template(h)] for h in after.get(-1, [])]
            for k in range(len(units)):
                filled.append(units[slots.get(k, k)])
                filled.extend([template(h)] for h in after.get(slots.get(k, k), []))
        else:
            filled = [units[slots.get(k, k)] for k in range(len(units))]
        numbered = _renumber(filled, [lines[e.line - 1] for e in entries])
        return None if numbered is None else [line for unit in numbered for line in unit]

    def unit(self, item: TocItem) -> _Unit | None:
        entry, lines = item.entry, self.lines
        kids = entry.children
        if not kids:
            return lines[entry.line - 1 : entry.end_line]
        if len(kids) == 1 and kids[0].kind == "list" and kids[0].end_line == entry.end_line:
            inner = self.group(kids[0])
            return None if inner is None else lines[entry.line - 1 : kids[0].line - 1] + inner
        return None  # text after the nested list, or a table in an entry: left alone

    def template(self, items: list[TocItem]) -> _Template | None:
        """How the list writes an entry, when most of its entries agree: the same marker, indentation and
        text around the link, and the heading's text with its emoji (``same``) or without (``bare``)."""
        styles: dict[tuple[str, str, str], int] = {}
        forms = {"same": 0, "bare": 0}
        seen = 0
        for item in items:
            link, entry = item.link, item.entry
            if link is None or item.heading is None or link.kind != "link" or not self.plan.placed(item):
                continue
            line = self.lines[entry.line - 1]
            if line[link.column - 1 : link.column] != "[" or link.line != entry.line:
                continue
            seen += 1
            heading = _plain(self.doc.sections[item.heading].title)
            text = _plain(link.text)
            forms["same"] += text == heading
            forms["bare"] += text == _bare(heading)
            prefix = line[: link.column - 1]
            number = _ORDERED.match(prefix)  # (anchored: a search would try every start of a long prefix)
            if number is not None:
                prefix = number.group(1) + "\0" + number.group(3) + prefix[number.end() :]
            lead = "./#" if link.url.startswith("./") else "#"
            key = (prefix, line[link.end_column - 1 :], lead)
            styles[key] = styles.get(key, 0) + 1
        if not styles:
            return None
        key, count = max(styles.items(), key=lambda kv: kv[1])
        form = "same" if forms["same"] >= forms["bare"] else "bare"
        if count * 2 <= seen or forms[form] * 2 <= seen:
            return None
        return _Template(self.doc, self.toc, *key, form)


@record
class _Template:
    doc: Document
    toc: Toc
    prefix: str
    suffix: str
    lead: str
    form: str

    def __call__(self, h: int) -> str:
        heading = _plain(self.doc.sections[h].title)
        text = heading if self.form == "same" else _bare(heading)
        escaped = _ESCAPE.sub(r"\\\1", text)
        link = f"[{escaped}]({self.lead}{self.toc.heading_slugs[h]})"
        return self.prefix.replace("\0", "1") + link + self.suffix


def _bare(text: str) -> str:
    """A heading's text without the emoji, symbols and spaces around its words."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _renumber(units: list[_Unit], before: list[str]) -> list[_Unit] | None:
    """Number the items of an ordered list from its first number again when it numbered them one by one
    (``1.``, ``2.``, ...); None when a new number's width would shift an item's nested lines."""
    numbers = [_ORDERED.match(line) for line in before]
    if not before or any(m is None for m in numbers):
        return units
    values = [int(m.group(2)) for m in numbers if m is not None]
    if values != list(range(values[0], values[0] + len(values))):
        return units
    out = []
    for k, unit in enumerate(units):
        m = _ORDERED.match(unit[0])
        if m is None:
            return None
        number = str(values[0] + k)
        if len(number) != len(m.group(2)) and len(unit) > 1:
            return None
        out.append([m.group(1) + number + m.group(3) + unit[0][m.end() :], *unit[1:]])
    return out


RULES: list[type[Rule]] = [TableOfContents]
