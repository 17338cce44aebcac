"""Rules about the suppression comments themselves (``<!-- awesomelint-disable... -->``), as ruff's
RUF100: one that names no known rule, and (opt-in) one that suppresses nothing.

Whether a suppression silenced a finding is known only once every other rule has run, so the engine
(:mod:`awesomelint.engine.suppressions`) reports these two; the classes here hold their code, name and
documentation, and their ``check`` finds nothing of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import ClassVar


class _ReportedByTheEngine(Rule):
    #: the engine reports these findings after applying the suppressions (engine/suppressions.py)
    reported_by_engine: ClassVar[bool] = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())


class InvalidSuppression(_ReportedByTheEngine):
    name = "invalid-suppression"
    code = "AL601"
    severity = "error"
    summary = "A suppression comment names no known rule."
    what = (
        "Reads every suppression comment (`awesomelint-disable`, `-enable`, `-disable-line`, "
        "`-disable-next-line`, `-disable-file`) and reports each word of it that is no rule name, no code "
        "and no code prefix (`AL2`), with the closest rule when one is close."
    )
    why = (
        "A mistyped rule name suppresses nothing: the finding it was meant for is still reported, and the "
        "comment reads as if it were handled."
    )
    example = "<!-- awesomelint-disable-next-line date-fromat -->"
    fixed = "<!-- awesomelint-disable-next-line date-format -->"


class UnusedSuppression(_ReportedByTheEngine):
    name = "unused-suppression"
    code = "AL602"
    severity = "warning"
    #: not run unless selected by name, code or a prefix of at least three characters (AL6): as ruff's
    #: RUF100, it is a clean-up for those who ask for it
    default_enabled = False
    summary = "A suppression comment suppresses nothing (opt-in: select it by name or code)."
    what = (
        "Reports a rule named in a suppression comment (or a comment naming no rule) that silenced no "
        "finding in this run. A rule that did not run (not selected, or online in an offline run) is never "
        "reported, and a comment naming no rule only when every rule ran. Not selected by default: "
        '`--select unused-suppression` or `extend-select = ["AL602"]`.'
    )
    why = (
        "A suppression left behind after its defect was fixed will silence the next real defect on that "
        "line without anyone noticing."
    )
    example = "|2024.07|B|C| <!-- awesomelint-disable-line column-count -->"
    fixed = "|2024.07|B|C|"


RULES: list[type[Rule]] = [InvalidSuppression, UnusedSuppression]
