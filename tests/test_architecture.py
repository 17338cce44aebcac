"""The package's layout holds: imports run only down the stages (ARCHITECTURE.md), there is no import
circle, and an import inside a function says why it is there. Read from the source with ``ast``. And the map
holds to the code: ARCHITECTURE.md names every module, its stage table is ``STAGES``, and every path, test
and name it cites exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "awesomelint"

#: stage of each module (by name prefix, longest first); a module may import only modules of lower stages,
#: or of its own stage within the same folder
STAGES: list[tuple[str, int]] = [
    ("awesomelint._version", 0),
    ("awesomelint._suggest", 0),
    ("awesomelint._record", 0),
    ("awesomelint._regex", 0),
    ("awesomelint.findings", 1),  # the reporting contract: findings, fixes, severities, report()
    ("awesomelint.document", 2),
    ("awesomelint.net", 2),  # with net/http/ (the client: transport, errors, fetch, scheduler), net/apis/
    ("awesomelint.git", 2),
    ("awesomelint.config", 3),
    ("awesomelint.rules", 4),
    ("awesomelint.engine", 5),
    ("awesomelint.report", 6),
    ("awesomelint.commands", 7),
    ("awesomelint.cli", 8),  # cli/__init__ (main, the commands), cli/args.py (argparse), cli/fast.py
    ("awesomelint._start", 9),  # the console script's process: the collector off, the CLI, os._exit
    ("awesomelint.__main__", 10),
    ("awesomelint", 9),  # the public API (the package's __init__)
]
#: the part of the network layer that rules may import: outcome types, verdicts and the checker's interface
RULES_MAY_USE_OF_NET = {"awesomelint.net.classify", "awesomelint.net.interface"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> tuple[int, str]:
    for prefix, stage in STAGES:
        if module == prefix or module.startswith(prefix + "."):
            return stage, prefix
    raise AssertionError(f"{module} is in no stage: add it to STAGES and ARCHITECTURE.md")


def _target(module: str, node: ast.ImportFrom, alias: ast.alias) -> str:
    """The module an ``from X import name`` reads: X.name when that is a module, else X."""
    base = node.module or ""
    if node.level:
        pkg = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        pkg = pkg[: len(pkg) - node.level + 1]
        base = ".".join([*pkg, base] if base else pkg)
    candidate = f"{base}.{alias.name}"
    return candidate if candidate in MODULES else base


class _Imports(ast.NodeVisitor):
    """Every import of a module's own package, and whether it stands inside a function."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []  # (target, line, inside a function)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, node.lineno, self.depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.found.append((_target(self.module, node, alias), node.lineno, self.depth > 0))


def _imports(module: str) -> list[tuple[str, int, bool]]:
    visitor = _Imports(module)
    visitor.visit(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    return visitor.found


def _edges() -> dict[str, set[str]]:
    return {
        m: {t for t, _line, _inner in _imports(m) if t.startswith("awesomelint") and t != m} for m in MODULES
    }


def test_every_module_has_a_stage() -> None:
    for module in MODULES:
        _stage(module)


def test_imports_only_run_down() -> None:
    upward = []
    for module, targets in _edges().items():
        stage, folder = _stage(module)
        for target in targets:
            if target not in MODULES:
                upward.append(f"{module} imports {target}, which does not exist")
                continue
            other, other_folder = _stage(target)
            if other > stage or (other == stage and other_folder != folder):
                upward.append(f"{module} (stage {stage}) imports {target} (stage {other})")
            if (
                folder == "awesomelint.rules"
                and other_folder == "awesomelint.net"
                and target not in RULES_MAY_USE_OF_NET
            ):
                upward.append(f"{module} reaches the network through {target}, not the link interface")
    assert upward == []


def test_no_import_circle() -> None:
    edges = _edges()
    state: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_an_import_inside_a_function_says_why() -> None:
    silent = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target_name, line, inner in _imports(module):
            if not inner:
                continue
            here = lines[line - 1]
            above = line - 2  # the comment may stand above a group of imports
            while above >= 0 and (
                not lines[above].strip() or lines[above].strip().startswith(("from ", "import "))
            ):
                above -= 1
            if "#" not in here and not (above >= 0 and lines[above].strip().startswith("#")):
                silent.append(f"{path.relative_to(ROOT)}:{line}: {here.strip()}")
    # the renderers are imported on demand by get_renderer, whose docstring says why
    silent = [s for s in silent if "report/__init__.py" not in s]
    assert silent == []


@pytest.mark.parametrize("forbidden", ["awesomelint.config", "awesomelint.rules", "awesomelint.net"])
def test_the_document_stage_knows_nothing_above_it(forbidden: str) -> None:
    for module, targets in _edges().items():
        if module.startswith("awesomelint.document"):
            assert not any(t == forbidden or t.startswith(forbidden + ".") for t in targets), module


def _defines_rules(module: str) -> bool:
    """A rule module: it lists its rules in a module-level ``RULES``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "RULES" for t in targets):
            return True
    return False


#: the modules of rules/ that are not rule modules: what a rule is, and helpers named with a leading underscore
def _is_rule_helper(module: str) -> bool:
    return module == "awesomelint.rules.base" or module.rsplit(".", 1)[-1].startswith("_")


def test_a_rule_module_imports_no_other_rule_module() -> None:
    """A rule module holds rules only: what several rules share is in ``rules/base.py``, a helper module
    of ``rules/`` (``_name.py``, holding no rule), ``document/`` or the engine (``ctx.link_facts``)."""
    modules = [m for m in MODULES if m.startswith("awesomelint.rules.")]
    rule_modules = {m for m in modules if _defines_rules(m)}
    assert {m for m in modules if _is_rule_helper(m)} & rule_modules == set(), "a helper holds rules"
    assert {m for m in modules if not _is_rule_helper(m)} == rule_modules, "a rule module lists no RULES"
    edges = _edges()
    shared = [f"{m} imports {t}" for m in sorted(modules) for t in sorted(edges[m]) if t in rule_modules]
    assert shared == []


def test_rules_share_no_state_under_string_keys() -> None:
    """What rules share of a document is typed (a cached property of the context, ``ctx.link_facts``),
    never a dict of the context under string keys that one rule fills and another reads."""
    base = ast.parse(MODULES["awesomelint.rules.base"].read_text(encoding="utf-8"))
    context = next(n for n in base.body if isinstance(n, ast.ClassDef) and n.name == "Context")
    dicts = [
        n.target.id
        for n in context.body
        if isinstance(n, ast.AnnAssign)
        and isinstance(n.target, ast.Name)
        and ast.unparse(n.annotation).startswith("dict[str")
    ]
    assert dicts == [], "a string-keyed dict on the Context"
    memo = []
    for module in MODULES:
        if module.startswith(("awesomelint.rules", "awesomelint.engine")):
            for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "memo":
                    memo.append(f"{module}:{node.lineno}")
    assert memo == []


def test_net_defines_its_own_settings() -> None:
    for module, targets in _edges().items():
        if module.startswith("awesomelint.net"):
            assert all(
                t.startswith(
                    ("awesomelint.net", "awesomelint._version", "awesomelint._record", "awesomelint._regex")
                )
                for t in targets
            ), module


def test_functions_and_classes_stay_small() -> None:
    """No function over 60 lines and no class over 150 without a reason written beside it (a comment
    with 'long:' on the line of the definition or the lines above it)."""
    long_ones = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                limit = 150 if isinstance(node, ast.ClassDef) else 60
                first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                reason = any("long:" in ln for ln in lines[max(0, first - 4) : node.lineno])
                if size > limit and not reason:
                    long_ones.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({size} lines)")
    assert long_ones == []


#: the most lines a module may have without a reason written near its top
MODULE_LINES = 500


def test_modules_stay_small() -> None:
    """No module over 500 lines without a reason: a comment that starts with ``# long:`` and says why it
    is one module, between its docstring and its first statement."""
    long_ones = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) <= MODULE_LINES:
            continue
        body = ast.parse(text).body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        top = lines[: body[0].lineno - 1] if body else lines
        if not any(ln.startswith("# long:") and len(ln.split()) > 4 for ln in top):
            long_ones.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert long_ones == []


# --- ARCHITECTURE.md: the map names only what exists, and every module ------------------------------------

MAP = ROOT / "ARCHITECTURE.md"
#: the files a path in backquotes may name (a folder ends in "/"); other extensions are not paths here
#: (``src/blocks.c`` is cmark-gfm's)
_PATH = re.compile(r"[\w.\-]*(?:/[\w.\-]*)*(?:\.(?:py|md|yml|yaml|json|toml|sh|txt)|/)")
#: ``tests/test_x.py::name``: a test function of that file
_TEST = re.compile(r"(tests/[\w/]+\.py)::(\w+)")
#: a Python name of the package (``engine.fix.fix_bytes``, ``config.base.LinksBehaviour.settings``)
_DOTTED = re.compile(r"(?:awesomelint\.)?([a-z_]\w*)((?:\.\w+)*)")
#: a word of a template (``docs/rules/NAME.md``, ``build_NAME_parser``), not a name
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])NAME(?![A-Za-z])")
_TOP_LEVEL = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}


def _map_spans() -> list[str]:
    """The code spans of ARCHITECTURE.md, fenced blocks left out (a diagram names no file)."""
    text = re.sub(r"^```.*?^```", "", MAP.read_text(encoding="utf-8"), flags=re.M | re.S)
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)]  # a span may cross lines


def _path_exists(path: str) -> bool:
    return any((base / path).exists() for base in (ROOT, PACKAGE))


def _test_exists(path: str, name: str) -> bool:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body)


def _attribute(owner: object, name: str) -> object | None:
    """``owner.name``, a field a class declares without a default included; None when there is none."""
    if hasattr(owner, name):
        return getattr(owner, name)
    if isinstance(owner, type) and any(name in getattr(k, "__annotations__", {}) for k in owner.__mro__):
        return owner
    return None


def _name_exists(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module = ".".join(["awesomelint", *parts[:i]]).removesuffix(".__init__")  # the package's own
        if module in MODULES:
            if i == len(parts):
                return True  # a module, known without importing it (``__main__`` would run the CLI)
            owner: object | None = importlib.import_module(module)
            for attr in parts[i:]:
                owner = _attribute(owner, attr)
                if owner is None:
                    return False
            return True
    return False


def _references() -> list[tuple[str, str]]:
    """(kind, reference) of every code span that names a path, a test or a name of the package; a span of
    several words (a command) is read word by word."""
    refs: list[tuple[str, str]] = []
    for span in _map_spans():
        for word in span.split() if " " in span else [span]:
            word = word.removesuffix("()")
            if _PLACEHOLDER.search(word) or "://" in word:
                continue
            if _TEST.fullmatch(word):
                refs.append(("test", word))
            elif _PATH.fullmatch(word) and ("/" in word or "." in word):
                refs.append(("path", word))
            elif " " not in span and (m := _DOTTED.fullmatch(word)) and m.group(1) in _TOP_LEVEL:
                refs.append(("name", m.group(1) + m.group(2)))
    return refs


def test_the_map_names_only_what_exists() -> None:
    """Every path, test and package name ARCHITECTURE.md cites in backquotes exists: a renamed module, a
    moved function or a deleted test fails here until the map follows."""
    refs = _references()
    assert len(refs) > 200 and {kind for kind, _ in refs} == {"path", "test", "name"}
    missing = []
    for kind, ref in refs:
        if kind == "path":
            ok = _path_exists(ref)
        elif kind == "test":
            path, name = ref.split("::")
            ok = _path_exists(path) and _test_exists(path, name)
        else:
            ok = _name_exists(ref)
        if not ok:
            missing.append(f"{kind} {ref}")
    assert not missing, "ARCHITECTURE.md names what does not exist: " + ", ".join(missing)


def test_the_map_names_every_module() -> None:
    """The code map has a line for every module of the package, by its path (``engine/fix.py``)."""
    named = {ref for kind, ref in _references() if kind == "path"}
    paths = {str(p.relative_to(PACKAGE)) for p in MODULES.values()}
    unnamed = sorted(paths - named)
    assert not unnamed, "modules with no line in ARCHITECTURE.md's code map: " + ", ".join(unnamed)


def test_the_stage_table_is_the_tests() -> None:
    """ARCHITECTURE.md's table of stages lists the stages of ``STAGES``, highest first."""
    text = MAP.read_text(encoding="utf-8")
    block = text[text.index("| Stage | May import |") :].split("\n\n", 1)[0]
    table = [re.findall(r"`([\w.]+)`", row.split(" | ")[0]) for row in block.splitlines()[2:]]
    stage_of = {prefix.removeprefix("awesomelint").lstrip(".") or "__init__": n for prefix, n in STAGES}
    assert sorted(name for row in table for name in row) == sorted(stage_of)
    stages = [max(stage_of[name] for name in row) for row in table]
    assert stages == sorted(stages, reverse=True), "the table lists the stages highest first"
