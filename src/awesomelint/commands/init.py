"""``awesomelint init``: write down the configuration that zero-config infers from a list.

Each key (date column, date format, date order, duplicate scope, header schema) is proposed from the
analysis the rules use, and kept only if linting with it gives the same findings as linting without any
configuration; a key that would change a finding is left out and named in a note. So the written file
makes the list's conventions explicit (and stable as the list grows) without changing today's result.

A list without dated tables that writes dated entries in other forms gets the date format and order of
those entries' groups (:mod:`awesomelint.commands.init_entries`); which groups are dated, and in which
format, is part of what a key must not change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.commands.files import DEFAULT_MAX_SIZE_MB, parse_or_usage_error, read_one
from awesomelint.commands.init_entries import Proposal, entry_date_proposals, entry_groups, order_of
from awesomelint.config import Config, ConfigError, validate_config
from awesomelint.document.analysis import DocInfo, TableInfo, analyse
from awesomelint.document.headers import header_key
from awesomelint.document.model import Document
from awesomelint.document.plain import plain_text
from awesomelint.engine import lint_document, selected_rules
from awesomelint.engine.buffer import FixError
from awesomelint.engine.fix import write_atomic
from awesomelint.findings import Finding
from awesomelint.rules import Context
from awesomelint.rules.dates import dated_rows, table_order
from awesomelint.rules.duplicates import DuplicateEntry

CONFIG_NAME = ".awesomelint.toml"


class InitError(Exception):
    pass


def _findings_key(doc: Document, config: Config, today: dt.date) -> list[tuple[object, ...]]:
    """What must not change: every finding's place, rule and severity, and which column of each table is
    read as its date and in which format (so that a key cannot quietly change what is checked even where
    today's findings happen to agree)."""
    found = lint_document(doc, config, selected_rules(config, online=False), today=today)
    info = analyse(doc, config.hints(), today)
    tables = [
        (
            "table",
            t.table.index,
            t.date_col,
            t.date_format.spec if t.date_format and t.date_col is not None else None,
        )
        for t in info.tables
    ]
    groups = [
        ("group", g.line, g.scheme.date_format.spec if g.scheme.date_format else None)
        for g in entry_groups(doc, info)
    ]
    findings: list[tuple[object, ...]] = [(f.line, f.column, f.rule, f.severity, f.fixable) for f in found]
    return findings + list(tables) + list(groups)


def _table_name(doc: Document, index: int) -> str:
    table = doc.tables[index]
    title = plain_text(table.section[-1]) if table.section else "top"
    return f"{title!r} (line {table.line})"


@record
class InferredConfig:
    source: str
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)  # "section.key" -> comment lines above it
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        keys = [f"{section}.{key}" for section, values in self.data.items() for key in values]
        return ", ".join(keys) if keys else "no keys"

    def toml(self, pyproject: bool = False, newline: str = "\n") -> str:
        prefix = "tool.awesomelint." if pyproject else ""
        out = ["[tool.awesomelint]"] if pyproject else []  # in pyproject.toml the comments belong to it
        out += [
            f"# awesomelint configuration inferred from {Path(self.source).name} by `awesomelint init`.",
            "# Linting with it gives the same findings as without it; edit it to state the list's conventions.",
        ]
        for note in self.notes:
            out.append(f"# note: {note}")
        for section, values in self.data.items():
            out.append("")
            out.append(f"[{prefix}{section}]")
            for comment in self.comments.get(section, []):
                out.append(f"# {comment}")
            for key, value in values.items():
                for comment in self.comments.get(f"{section}.{key}", []):
                    out.append(f"# {comment}")
                out.append(f"{key} = {_toml_value(value)}")
        return newline.join(out) + newline


def _toml_string(value: str) -> str:
    # JSON's string escapes are a subset of TOML's basic-string escapes; TOML also wants DEL escaped
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")  # pragma: no cover


def _config(data: dict[str, dict[str, Any]]) -> Config:
    return validate_config(data, None)


def _wider_scopes(doc: Document) -> list[str]:
    """The duplicate scopes wider than a table that mean something in this list, widest first: 'file'
    when it has several tables with rows (or groups of the entries the duplicate rule reads: lists, ...),
    'section' when one section has several."""
    with_rows = [t.section for t in doc.tables if t.rows]
    forms = set(DuplicateEntry.entry_forms) - {"row"}
    if forms:
        info = analyse(doc)
        with_rows += [g.section for g in entry_groups(doc, info) if any(e.kind in forms for e in g.entries)]
    sections = [tuple(section) for section in with_rows]
    wider = {"file": len(with_rows) > 1, "section": len(sections) > len(set(sections))}
    return [scope for scope in ("file", "section") if wider[scope]]


def _scope_comments(scope: str) -> list[str]:
    if scope == "table":
        return []
    where = "in the whole file" if scope == "file" else "within one section"
    return [f"no entry appears twice {where}, so a repeat there is reported"]


def _duplicate_scope(doc: Document, today: dt.date) -> str:
    """The widest scope that the list already keeps (no entry repeated in it) and that is wider than a
    table in this list; else 'table'. Only the duplicate rule reads the scope, so only it runs, and a
    trial stops at its first finding that the default scope does not have."""
    expected = [(f.line, f.column) for f in _duplicates(doc, Config(), today)]
    for scope in _wider_scopes(doc):
        trial = Config(duplicates={"scope": scope})  # type: ignore[arg-type]
        if _same_places(_duplicates(doc, trial, today), expected):
            return scope
    return "table"


def _duplicates(doc: Document, config: Config, today: dt.date) -> Iterator[Finding]:
    """The duplicate rule's findings, as it finds them (suppressions apply alike to every scope)."""
    return DuplicateEntry().check(Context(doc=doc, config=config, today=today, rule=DuplicateEntry))


def _same_places(found: Iterator[Finding], expected: list[tuple[int, int]]) -> bool:
    """Whether ``found`` are at the ``expected`` places, read only up to the first that is not."""
    k = 0
    for f in found:
        if k >= len(expected) or (f.line, f.column) != expected[k]:
            return False
        k += 1
    return k == len(expected)


def infer_config(doc: Document, today: dt.date) -> InferredConfig:
    """Each key the analysis reads, kept when linting with it gives today's findings. The duplicate scope
    is chosen with the duplicate rule alone; then every key is tried at once (two lints in all, the usual
    case), and key by key only when that changes a finding."""
    base = Config()
    expected = _findings_key(doc, base, today)
    info = analyse(doc, base.hints(), today)
    result = InferredConfig(source=doc.path)
    proposals = _date_proposals(doc, info, base, today, result.notes)
    if info.schema is not None:
        proposals.append(("tables", "header", list(info.schema), ["the header most tables share"]))
    scope = _duplicate_scope(doc, today)
    everything = [*proposals, ("duplicates", "scope", scope, _scope_comments(scope))]
    data: dict[str, dict[str, Any]] = {}
    for section, key, value, _comments in everything:
        data.setdefault(section, {})[key] = value
    if _findings_key(doc, _config(data), today) == expected:
        accepted = _ordered(everything)
    else:
        accepted = _one_by_one(doc, today, expected, proposals, scope, result.notes)
    for section, key, value, comments in accepted:
        result.data.setdefault(section, {})[key] = value
        if comments:
            result.comments[f"{section}.{key}"] = comments
    return result


def _ordered(proposals: list[Proposal]) -> list[Proposal]:
    """The keys in the order they are written: dates, duplicates, tables."""
    rank = {"dates": 0, "duplicates": 1, "tables": 2}
    return sorted(proposals, key=lambda p: rank.get(p[0], 3))


def _one_by_one(
    doc: Document,
    today: dt.date,
    expected: list[tuple[object, ...]],
    proposals: list[Proposal],
    scope: str,
    notes: list[str],
) -> list[Proposal]:
    """The proposals kept one at a time, each with those kept before it; a key that would change a
    finding is left out and named in a note."""
    accepted: list[Proposal] = []
    data: dict[str, dict[str, Any]] = {}
    for proposal in _ordered([*proposals, ("duplicates", "scope", scope, _scope_comments(scope))]):
        section, key, value, _comments = proposal
        trial_data = {s: dict(v) for s, v in data.items()}
        trial_data.setdefault(section, {})[key] = value
        if _findings_key(doc, _config(trial_data), today) != expected:
            notes.append(
                f"{section}.{key} = {_toml_value(value)} is left out: it would change the findings or what is read as a date"
            )
            continue
        data = trial_data
        accepted.append(proposal)
    return accepted


def _date_proposals(
    doc: Document, info: DocInfo, base: Config, today: dt.date, notes: list[str]
) -> list[Proposal]:
    """The date column, format and order the analysis reads, as configuration keys."""
    proposals: list[Proposal] = []
    dated = [t for t in info.tables if t.date_col is not None]
    headers = {header_key(t.table.header[t.date_col].text) for t in dated if t.date_col is not None}
    if len(headers) == 1 and dated[0].date_col is not None:
        proposals.append(("dates", "column", dated[0].table.header[dated[0].date_col].text, []))
    elif len(headers) > 1:
        notes.append("date columns have several headers; dates.column is left to inference")
    if info.date_format is not None and dated:
        own = [t for t in dated if t.date_format is not None and t.date_format is not info.date_format]
        comments = (
            [
                f"{len(own)} table(s) keep a format of their own: "
                + ", ".join(
                    f"{_table_name(doc, t.table.index)} {t.date_format.spec}" for t in own if t.date_format
                )
            ]
            if own
            else []
        )
        proposals.append(("dates", "format", info.date_format.spec, comments))
    if dated:
        proposals.append(_order_proposal(doc, info, dated, Context(doc=doc, config=base, today=today)))
    else:
        proposals.extend(entry_date_proposals(doc, info, base, today, notes))
    return proposals


def _order_proposal(doc: Document, info: DocInfo, dated: list[TableInfo], ctx: Context) -> Proposal:
    orders: list[tuple[str, str]] = []
    for t in dated:
        rows = dated_rows(info, t)
        if len(rows) < 2:
            continue
        order = table_order(ctx, t, rows)
        orders.append((_table_name(doc, t.table.index), order[0] if order else "none"))
    return order_of(orders, "table", "tables")


# --- writing -------------------------------------------------------------------------------------------

_TABLE_HEADER = lazy_compile(r"^\s*\[\[?\s*([^\]\s][^\]]*?)\s*\]\]?\s*(#.*)?$")


def _is_ours(name: str) -> bool:
    parts = [p.strip().strip('"').strip("'") for p in name.split(".")]
    return parts[:2] == ["tool", "awesomelint"]


def _without_tool_awesomelint(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    tool = dict(data.get("tool", {}))
    tool.pop("awesomelint", None)
    if tool:
        data["tool"] = tool
    else:
        data.pop("tool", None)
    return data


def _drop_tables(text: str) -> tuple[str, int]:
    """``text`` without its ``[tool.awesomelint...]`` tables, and the offset where the first one stood."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    position = -1
    for line in lines:
        m = _TABLE_HEADER.match(line)
        if m:
            skipping = _is_ours(m.group(1))
            if skipping and position < 0:
                position = sum(len(x) for x in out)
        if not skipping:
            out.append(line)
    return "".join(out), position


def _pyproject_text(old: str, section: str, newline: str) -> str:
    """``old`` pyproject text with ``section`` in place of its ``[tool.awesomelint]`` tables (or appended);
    every other byte is kept, which is checked by parsing both."""
    try:
        old_data = tomllib.loads(old)
    except tomllib.TOMLDecodeError as exc:
        raise InitError(f"pyproject.toml is not valid TOML ({exc}); fix it first") from None
    body, position = _drop_tables(old)
    if position < 0:
        if body and not body.endswith(("\n", "\r")):
            body += newline
        new = body + (newline if body else "") + section
    else:
        rest = body[position:]
        new = body[:position] + section + (newline + rest if rest else "")
    try:
        new_data = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        new_data = None
    if new_data is None or _without_tool_awesomelint(new_data) != _without_tool_awesomelint(old_data):
        raise InitError(
            "cannot replace [tool.awesomelint] in pyproject.toml without touching the rest "
            "(it is written with dotted keys or inline tables); remove it by hand and run init again"
        )
    return new


def write_config(
    inferred: InferredConfig, folder: Path, *, pyproject: bool = False, force: bool = False
) -> Path:
    """Write the configuration into ``folder``; refuse to replace an existing one unless ``force``.
    Returns the file written."""
    dotfile = folder / CONFIG_NAME
    project = folder / "pyproject.toml"
    project_text: str | None = None
    if project.is_file():
        try:
            project_text = project.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InitError(f"cannot read {project}: {exc}") from None
    project_has = project_text is not None and "awesomelint" in _tool_tables(project_text)
    if pyproject:
        if dotfile.exists():
            raise InitError(
                f"{dotfile} exists and would take precedence over pyproject.toml; remove it first"
            )
        if project_has and not force:
            raise InitError(f"{project} already configures awesomelint; use --force to replace it")
        newline = "\r\n" if project_text and "\r\n" in project_text else "\n"
        section = inferred.toml(pyproject=True, newline=newline)
        text = _pyproject_text(project_text or "", section, newline)
        target = project
    else:
        if dotfile.exists() and not force:
            raise InitError(f"{dotfile} exists; use --force to replace it")
        if project_has and not force:
            raise InitError(
                f"{project} already configures awesomelint and {CONFIG_NAME} would take precedence; "
                "use --force to write it anyway"
            )
        text = inferred.toml()
        target = dotfile
    # the file must load as the configuration it claims to be
    data = tomllib.loads(text)
    if pyproject:
        data = data["tool"]["awesomelint"]
    try:
        validate_config(data, str(target))
    except ConfigError as exc:  # pragma: no cover - a bug in the writer
        raise InitError(f"the inferred configuration does not validate: {exc}") from None
    payload = text.encode("utf-8")
    try:
        if target.exists():
            old = target.read_bytes()
            write_atomic(target, payload, old, target.stat())
        else:
            with target.open("xb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
    except (OSError, FixError) as exc:
        raise InitError(f"cannot write {target}: {exc}") from None
    return target


def _tool_tables(text: str) -> dict[str, Any]:
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return {"awesomelint": True} if "[tool.awesomelint" in text else {}
    return tool if isinstance(tool, dict) else {}


# --- the command ---------------------------------------------------------------------------------------


@record
class InitOptions:
    path: str = "README.md"
    pyproject: bool = False  # write [tool.awesomelint] into pyproject.toml instead
    force: bool = False  # replace an existing configuration
    stdout: bool = False  # print the configuration; write nothing
    today: dt.date | None = None
    max_size: float = DEFAULT_MAX_SIZE_MB


def init(opts: InitOptions, out: TextIO) -> None:
    """Infer the list's configuration and write it (or print it); :class:`InitError` when it cannot be
    written, :class:`UsageError` when the list cannot be read."""
    data = read_one(opts.path, opts.max_size)
    doc = parse_or_usage_error(data, opts.path)
    inferred = infer_config(doc, opts.today or dt.date.today())
    if opts.stdout:
        out.write(inferred.toml())
        return
    folder = Path(opts.path).resolve().parent
    written = write_config(inferred, folder, pyproject=opts.pyproject, force=opts.force)
    out.write(f"Wrote {written} ({inferred.summary()}).\n")
    for note in inferred.notes:
        out.write(f"  note: {note}\n")
