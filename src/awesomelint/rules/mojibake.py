"""Mojibake: UTF-8 text that was once decoded as a single-byte code page and saved again.

The detection and the repair are ftfy's. ftfy is imported only when a line passes a cheap first scan: an
ASCII line is skipped at once, and another line must hold a character that a UTF-8 lead byte becomes in
one of the code pages ftfy knows, directly followed by one that a continuation byte becomes (``Ã©``,
``ğŸ``, ``â€``). Lists in CJK, with emoji, U+FE0F or ZWJ sequences never hold such a pair, so most files
never import ftfy at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from awesomelint._record import record
from awesomelint.document.inline import blank_code_spans
from awesomelint.findings import Finding, Fix
from awesomelint.rules._codepages import ANY, CONT, LEAD
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

_CODEPAGE_NAMES = {
    "latin-1": "Latin-1",
    "macroman": "Mac Roman",
    "cp437": "IBM 437",
    "iso-8859-2": "ISO-8859-2",
}
#: ftfy's repair steps that restore the original text exactly (others substitute U+FFFD or guess)
_EXACT_STEPS = {("apply", "decode_inconsistent_utf8"), ("transcode", "restore_byte_a0")}
_MAX_SHOWN = 40


@lru_cache(maxsize=1)
def _charsets() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a lead-byte character directly followed by a continuation-byte character; a run of characters that
    bytes 0x80-0xFF become in the code pages), compiled for the first line that is not ASCII."""
    pair = re.compile(f"[{re.escape(LEAD)}][{re.escape(CONT)}]")
    run = re.compile(f"[{re.escape(ANY)}]+")
    return pair, run


def _codepage_name(encoding: str) -> str:
    name = encoding.removeprefix("sloppy-")
    if name in _CODEPAGE_NAMES:
        return _CODEPAGE_NAMES[name]
    if name.startswith("windows-"):
        return "Windows-" + name[len("windows-") :]
    return name


def _shown(text: str) -> str:
    return repr(text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…")


@record(frozen=True)
class _Run:
    repaired: str | None  # ftfy's exact repair of the run, when it has one
    bad: bool  # ftfy sees mojibake in the run itself
    encoding: str | None  # the code page ftfy undid (ftfy's codec name)


@record
class _Line:
    number: int
    column: int
    end_column: int
    garbled: str  # the first garbled run of the line
    run: _Run
    fixed: str | None  # the whole line repaired, when every garbled run of it has an exact repair


class _Repairer:
    """ftfy's verdict on each run of code-page characters, computed once per distinct run: a list repeats
    the same few garbled emoji on hundreds of lines."""

    def __init__(self, ftfy: Any) -> None:
        from ftfy.badness import BADNESS_RE, is_bad  # lazy: ftfy costs start-up; only garbled lines need it

        self.ftfy = ftfy
        self.is_bad = is_bad
        self.badness = BADNESS_RE
        self.cache: dict[str, _Run] = {}

    def run(self, text: str) -> _Run:
        hit = self.cache.get(text)
        if hit is None:
            repaired, steps = self.ftfy.fix_encoding_and_explain(text)
            exact = (
                repaired != text
                and not self.is_bad(repaired)
                and repaired.count("\ufffd") == text.count("\ufffd")
                and all(action in ("encode", "decode") or (action, p) in _EXACT_STEPS for action, p in steps)
            )
            encoding = next((p for action, p in steps if action == "encode"), None)
            hit = _Run(repaired if exact else None, self.is_bad(text), encoding if exact else None)
            self.cache[text] = hit
        return hit

    def line(
        self, number: int, line: str, seen: str, pair: re.Pattern[str], runs: re.Pattern[str]
    ) -> _Line | None:
        """The verdict on ``line``; ``seen`` is the line with its code spans blanked out (same length)."""
        first: tuple[re.Match[str], _Run] | None = None
        parts: list[str] = []
        pos = 0
        exact = True
        for m in runs.finditer(seen):
            text = m.group(0)
            if pair.search(text) is None:
                continue
            verdict = self.run(text)
            if verdict.repaired is not None:
                parts += [line[pos : m.start()], verdict.repaired]
                pos = m.end()
            elif verdict.bad:
                exact = False
            else:
                continue  # ordinary text that happens to pair such characters
            if first is None:
                first = (m, verdict)
        if first is None:
            # no run is mojibake by itself; the line may still be, by the context of a run (a letter
            # before it): ftfy decides, and the report goes where it sees the badness
            bad = self.badness.search(seen)
            if bad is None:
                return None
            found = runs.search(seen, bad.start())
            if found is None:
                return None
            first = (found, self.run(found.group(0)))
            exact = False
        parts.append(line[pos:])
        fixed = "".join(parts) if exact else None
        if fixed is not None and (fixed == line or self.is_bad(_blank_code(fixed))):
            fixed = None
        m, verdict = first
        return _Line(number, m.start() + 1, m.end() + 1, m.group(0), verdict, fixed)


def _blank_code(line: str) -> str:
    """The line with its code spans replaced by spaces: code shows text as written, on purpose."""
    return blank_code_spans(line)


class Mojibake(Rule):
    name = "mojibake"
    code = "AL501"
    severity = "error"
    summary = "Text garbled by a wrong encoding (mojibake): UTF-8 once read as Windows-1252 or the like."
    what = (
        "Finds lines (outside code blocks and code spans) that ftfy recognises as mojibake: UTF-8 text that was decoded as "
        "Latin-1, Windows-1252, Windows-1254 or another single-byte code page and saved again, so that a "
        "book emoji reads 'ðŸ“–' or 'ğŸ“–' and an apostrophe 'â€™'. Reports the first garbled run of each line "
        "with ftfy's repair of it. The fix rewrites the line with every garbled run replaced by ftfy's "
        "repair, and is offered only when each repair is exact (no byte of the original was lost on the way "
        "and nothing of the line remains garbled). "
        "Lines in Chinese, Japanese, with emoji, variation selectors or joiners are not mojibake and stay "
        "silent. Needs ftfy (installed with awesomelint); without it, the first suspicious line of a file is "
        "reported as a warning saying so."
    )
    why = (
        "Mojibake usually hits a whole file at once, when an editor or a script reads the README in the "
        "wrong encoding and writes it back; every emoji, accent and dash is then garbled for every reader."
    )
    example = "## ğŸ“’Introduction"
    fixed = "## 📒Introduction"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        code_lines = doc.code_lines()
        repairer: _Repairer | None = None
        found: list[_Line] = []
        for number, line in enumerate(doc.lines, start=1):
            if line.isascii() or number in code_lines:
                continue
            pair, runs = _charsets()
            if not pair.search(line):
                continue  # emoji, CJK, most accents: no lead-byte character before a continuation one
            seen = _blank_code(line)  # code spans become spaces, which make no pair
            suspect = pair.search(seen)
            if suspect is None:
                continue
            if repairer is None:
                try:
                    import ftfy  # lazy: ftfy costs start-up; only garbled lines need it
                except ImportError:
                    m = runs.search(seen, suspect.start())
                    assert m is not None
                    yield ctx.report(
                        number,
                        m.start() + 1,
                        f"this line may hold mojibake ({_shown(m.group(0))}), but the mojibake check needs "
                        "ftfy, which is not installed: pip install 'awesomelint[text]' (further lines of "
                        "this file are not checked)",
                        severity="warning",
                        end_column=m.end() + 1,
                    )
                    return
                repairer = _Repairer(ftfy)
            result = repairer.line(number, line, seen, pair, runs)
            if result is not None:
                found.append(result)
        if found:
            yield from _report(ctx, found)


def _report(ctx: Context, found: list[_Line]) -> Iterator[Finding]:
    """A finding per garbled run, naming the code page the text went through."""
    from ftfy import chardata  # lazy: ftfy costs start-up

    # the code page the file went through, learnt from the runs that could be undone, names the code
    # page of the others: 'â€™' reads the same in Windows-1252 and Windows-1254
    seen = Counter(r.run.encoding for r in found if r.run.encoding is not None)
    named: dict[str, str | None] = {}
    for r in found:
        if r.garbled not in named:
            fitting = [e for e in chardata.CHARMAP_ENCODINGS if chardata.possible_encoding(r.garbled, e)]
            named[r.garbled] = max(
                fitting, key=lambda e, r=r: (seen[e], e == r.run.encoding), default=r.run.encoding
            )
        encoding = named[r.garbled]
        how = f"UTF-8 read as {_codepage_name(encoding)}" if encoding else "UTF-8 read in another encoding"
        fix = None
        if r.run.repaired is not None:
            message = f"garbled text ({how}): " + expected_found(_shown(r.run.repaired), _shown(r.garbled))
            if r.fixed is not None:
                fix = Fix(
                    line=r.number,
                    end_line=r.number,
                    replacement=[r.fixed],
                    description=f"repair the mojibake of line {r.number} ({how})",
                )
            else:
                message += "; other mojibake on this line lost bytes and cannot be repaired automatically"
        else:
            message = (
                f"garbled text ({how}): {_shown(r.garbled)} lost bytes in the conversion and cannot be "
                "repaired automatically; retype the character it stood for"
            )
        yield ctx.report(r.number, r.column, message, end_column=r.end_column, fix=fix)


RULES: list[type[Rule]] = [Mojibake]
