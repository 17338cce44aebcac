"""The awesome profile's entry shape: each list entry written ``- [Name](url) - Description.``, the
strict form the awesome list guidelines ask for (opt-in with the profile: ``select = ["AWESOME"]``). The
profile's other rules are in :mod:`awesomelint.rules.awesome` and :mod:`awesomelint.rules.awesome_files`."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.document.model import Link
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.entries import Entry

PROFILE = "awesome"
_CLOSERS = "\"'”’)]*_"
_FINAL = frozenset(".!?…。！？")
_DASHES = ("–", "—", "―")


class AwesomeEntryShape(Rule):
    name = "awesome-entry-shape"
    entry_forms = ("item",)
    code = "AL706"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    fixable = True
    summary = "Each list entry is written `- [Name](url) - Description.` (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). Each list item that is an entry (not a '
        "table of contents, navigation or the list's own sections) opens with its link, `[Name](url)`, then "
        "` - ` (a hyphen between single spaces, not an en or em dash, not a colon) and a description that "
        "starts with a capital (or a word with a digit or capital of its own: `iOS`, `3D`) and ends with "
        "`.`, `!`, `?` or `…` (closing quotes, brackets or emphasis after it are fine; badges at the end "
        "are left out). An entry with a link and no description is allowed. One finding an entry: the "
        "first thing that departs from the shape; a list none of whose entries opens with its link (a "
        "list of papers written `- [2023/08] **Title.** ...`) gets one finding, on its first entry. Another shape the list keeps throughout is the general "
        "`entry-shape` rule's subject, not this one's: this rule is the awesome guidelines' strict form. "
        "`--fix` writes ` - ` for a dash or colon (or a hyphen with other spacing) between the link and a "
        "description, and adds the final period (before badges that close the entry); a lower-case first "
        "word (it may be a name: `npm`) and a missing separator are left to you."
    )
    why = (
        "The awesome list guidelines ask every entry to be written this one way, so that a reader scans "
        "name, dash, sentence down the whole list."
    )
    example = "- [Gin](https://github.com/gin-gonic/gin): fast HTTP web framework"
    fixed = "- [Gin](https://github.com/gin-gonic/gin) - Fast HTTP web framework."

    def check(self, ctx: Context) -> Iterator[Finding]:
        # lazy: the entry model, only for the rules that read entries (start-up of a default run)
        from awesomelint.document.entries import document_entries

        seen: set[int] = set()  # the groups looked at whole (once each: a list of n entries costs n)
        reported: set[int] = set()  # the groups written in another shape throughout, reported once
        for entry in document_entries(ctx.doc, ctx.info).entries:
            if entry.kind != "item" or not entry.lines or id(entry.group) in reported:
                continue
            if id(entry.group) not in seen:
                seen.add(id(entry.group))
                group = [e for e in entry.group.entries if not e.skipped and e.lines]
                if len(group) > 1 and all(_opening(e) is None for e in group):
                    reported.add(id(entry.group))
                    yield ctx.report(
                        entry.line,
                        entry.lines[0][1],
                        f"none of the {len(group)} entries of this list opens with its link: expected "
                        "'[Name](url) - Description.' for each",
                    )
                    continue
            problem = _shape_problem(entry)
            if problem is not None:
                line, column, message, edit = problem
                fix = None
                if edit is not None:  # (start, end, new text) in the line: the separator, the period
                    raw = ctx.doc.lines[line - 1]
                    start, end, new = edit
                    fix = Fix(line=line, end_line=line, replacement=[raw[:start] + new + raw[end:]])
                yield ctx.report(line, column, message, fix=fix)


def _opening(entry: Entry) -> Link | None:
    """The name link an entry opens with, not an image's; None if it opens otherwise."""
    lead = _lead_link(entry)
    return None if lead is None or lead.text.lstrip().startswith("![") else lead


def _lead_link(entry: Entry) -> Link | None:
    """The link the entry's first line opens with (``[Name](url)``), or None."""
    line, column, _text = entry.lines[0]
    for link in entry.links:
        if link.line == line and link.column == column and link.kind == "link":
            return link
    return None


def _shape_problem(entry: Entry) -> tuple[int, int, str, tuple[int, int, str] | None] | None:
    """(line, column, message, edit) of the first departure of a list entry from ``[Name](url) -
    Description.``; the edit (start, end, new text: 0-based offsets in that line) repairs it where that is
    mechanical (a dash or colon for the separator, the final period), None elsewhere."""
    line, column, text = entry.lines[0]
    lead = _opening(entry)
    if lead is None:
        return (
            line,
            column,
            "the entry does not open with its link: expected '[Name](url) - Description.'",
            None,
        )
    at = _after_name(entry, lead, column, text)
    rest = text[at - column :]
    own = _without_navigation(entry)
    following = [t for _line, _col, t in own[1:]]
    if not rest.strip() and not following:
        return None  # a link alone (or with its package link): allowed
    if not rest.startswith(" - "):
        stripped = rest.lstrip()
        found = stripped[:1] if stripped[:1] in (*_DASHES, ":", "-") else "no separator"
        if stripped[:1] == "-":
            found = "a hyphen without single spaces around it"
        message = "the link and its description are not separated by ' - ': " + expected_found(
            "' - '", repr(found) if found in (*_DASHES, ":") else found
        )
        return line, at, message, _separator_edit(rest, at - 1)
    parts = [rest[3:], *following]
    parts[-1] = _without_trailing_badges(entry, own[-1], parts[-1])
    description = " ".join(parts).strip()
    if not description:
        return line, at, "a separator and no description after it", None
    first = description.split(maxsplit=1)[0]
    if first[:1].islower() and first.isalpha() and first == first.lower():
        return (
            line,
            at + 3,
            f"the description starts with a lower-case word ({first[:30]!r}): start it with a capital",
            None,  # a name may be written so on purpose (npm, macOS): for a person to decide
        )
    if not _ends_a_sentence(description):
        last_line, last_column, last_text = own[-1]
        end = last_column + len(last_text.rstrip())
        kept = _without_trailing_badges(entry, own[-1], last_text).rstrip()
        at_end = last_column - 1 + len(kept)  # after the description, before the badges that close it
        # not after a code span: a list that closes its entries with `License` `Language` keeps its
        # sentence's period before them, and one after them is not what it would write
        edit = (at_end, at_end, ".") if kept and kept[-1] not in "`<>|\\" else None
        return (
            last_line,
            end,
            f"the description does not end with a period: ends with {description[-20:]!r}",
            edit,
        )
    return None


def _without_navigation(entry: Entry) -> list[tuple[int, int, str]]:
    """The entry's own lines without the navigation lines that close it (``**[⬆ back to top](#contents)**``
    written with no blank line above it: GitHub reads it as the end of the item, but it is no part of the
    description)."""
    lines = entry.lines
    while len(lines) > 1:
        line, column, text = lines[-1]
        links = [link for link in entry.links if link.line == line]
        if not links or not all(link.url.startswith("#") for link in links):
            break
        rest = list(text)
        for link in links:  # what the line holds beside its links
            rest[link.column - column : link.end_column - column] = [" "] * (link.end_column - link.column)
        if "".join(rest).strip(" *_⬆↑^|"):
            break
        lines = lines[:-1]
    return lines


def _separator_edit(rest: str, offset: int) -> tuple[int, int, str] | None:
    """The edit that makes the separator at the start of ``rest`` (``offset`` in its line) ' - ': a dash
    or colon with spaces around it, or a hyphen with more or fewer; None when what follows the name is no
    separator (``-based``, a word) or no description follows it."""
    stripped = rest.lstrip(" ")
    mark = stripped[:1]
    after = stripped[1:]
    if mark not in (*_DASHES, ":", "-") or not after[:1].isspace() or not after.strip():
        return None
    if mark == ":" and rest[:1] == " ":
        return None  # 'Name : text': a colon after a space may be part of the name's text
    gap = len(rest) - len(stripped) + 1 + len(after) - len(after.lstrip())
    return offset, offset + gap, " - "


def _after_name(entry: Entry, lead: Link, column: int, text: str) -> int:
    """The column after an entry's name link and the links that stand right after it, before its
    separator: a package link in brackets (``[[crate](url)]``), a badge."""
    at = lead.end_column
    for link in entry.links:
        if link.line != lead.line or link.column < at:
            continue
        between = text[at - column : link.column - column]
        if between.strip(" [(") or link.wrapper is not None:
            break
        at = link.end_column
        while text[at - column : at - column + 1] in ("]", ")") and at - column < len(text):
            at += 1
    return at


def _ends_a_sentence(description: str) -> bool:
    """Whether a description ends with a sentence's punctuation (or an emoji), closing quotes, brackets
    and emphasis after it allowed, and a parenthetical remark after it too (``Fast. *(See also X.)*``)."""
    end = description.rstrip(_CLOSERS + " ")
    if end and (end[-1] in _FINAL or _emoji(end[-1])):
        return True
    body = description.rstrip("*_ ")
    if not body.endswith(")"):
        return False
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        ch = body[i]
        depth += ch == ")"
        depth -= ch == "("
        if depth == 0:
            before = body[:i].rstrip("*_ ")
            return bool(before) and before[-1] in _FINAL
    return False


def _without_trailing_badges(entry: Entry, own: tuple[int, int, str], part: str) -> str:
    """``part`` (the end of the entry's last own line ``own``) without the badges (images, linked images)
    that close it, found by the positions of the entry's links."""
    line, column, text = own
    end = len(text.rstrip())
    for link in reversed(entry.links):
        if link.line != line or link.end_column - column != end:
            continue
        if link.is_image or link.text.lstrip().startswith("!["):
            end = len(text[: link.column - column].rstrip())
    cut = len(text) - end
    return part[: len(part) - cut] if cut else part


def _emoji(ch: str) -> bool:
    """An emoji or pictograph (symbols beyond the Basic Multilingual Plane's punctuation)."""
    return ord(ch) >= 0x2190 and not ch.isalnum()


RULES: list[type[Rule]] = [AwesomeEntryShape]
