"""The rules. Each module holds the rules of one subject and lists them in ``RULES``; the registry below is
every rule, by code. To add a rule: a :class:`~awesomelint.rules.base.Rule` subclass in the module of its
subject (or a new module added to ``_MODULES``), its fixtures under ``tests/fixtures/rules/``, then
``python scripts/gen_rule_docs.py`` to write its page under docs/rules/ and its line in the rule tables of the
README and of docs/rules/index.md. A rule module imports :mod:`~awesomelint.rules.base` and the helper
modules, which hold no rule and are named with a leading underscore (``_fixes``, ``_codepages``, ``_order``), never
another rule module; what the network says of the links comes from the engine as ``ctx.link_facts``.

Rule names and codes are part of the interface: never rename or reuse one.
"""

from __future__ import annotations

from functools import lru_cache

from awesomelint.rules import (
    arxiv,
    awesome,
    awesome_files,
    awesome_shape,
    badges,
    dates,
    duplicates,
    fences,
    link_syntax,
    link_targets,
    links,
    list_items,
    local_files,
    mojibake,
    order,
    papers,
    shape,
    suppressions,
    tables,
    toc,
)
from awesomelint.rules.base import DOCS_URL, Context, Registry, Rule, expected_found, rule_doc_url

__all__ = ["DOCS_URL", "Context", "Registry", "Rule", "expected_found", "registry", "rule_doc_url"]

_MODULES = (
    tables,
    fences,
    list_items,
    dates,
    order,
    arxiv,
    duplicates,
    badges,
    links,
    link_targets,
    link_syntax,
    local_files,
    mojibake,
    papers,
    shape,
    suppressions,
    awesome,
    awesome_files,
    awesome_shape,
    toc,
)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry(sorted((rule for m in _MODULES for rule in m.RULES), key=lambda rule: rule.code))
