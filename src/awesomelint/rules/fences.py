"""Code fences: a fence that is never closed, so that the rest of the file renders as code."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule


class UnclosedFence(Rule):
    name = "unclosed-code-fence"
    code = "AL104"
    severity = "warning"
    summary = "A code fence is never closed, so the rest of the file renders as code."
    what = "Finds a ``` or ~~~ fence with no closing fence: everything after it, to the end of the file, is code."
    why = "Tables and links after an unclosed fence vanish into one code block on GitHub."
    example = "```bibtex\n@misc{list, title={...}}\n\n## Papers\n| Date | Title |"
    fixed = "```bibtex\n@misc{list, title={...}}\n```\n\n## Papers\n| Date | Title |"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for block in ctx.doc.code_blocks:
            if block.closed:
                continue
            swallowed = ctx.doc.lines[block.line : block.end_line]
            rows = sum(1 for ln in swallowed if ln.lstrip(" \t").startswith("|"))
            more = f", including {rows} table row{'s' if rows != 1 else ''}" if rows else ""
            n = len(swallowed)
            yield ctx.report(
                block.line,
                1,
                f"code fence {block.marker!r} is never closed: the remaining {n} line{'s' if n != 1 else ''}"
                f"{more} render as code; add a closing {block.marker!r}",
                severity="error" if rows else None,
                span=(block.line, max(block.end_line, block.line)),
            )


RULES: list[type[Rule]] = [UnclosedFence]
