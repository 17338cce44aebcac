"""The engine: parse once, run the selected rules, apply suppressions and severity overrides, keep what a
change reached (``--diff-base``), and apply fixes (:mod:`awesomelint.engine.fix`)."""

from awesomelint.engine.lint import FileResult, lint_bytes, lint_document, lint_text, selected_rules

__all__ = ["FileResult", "lint_bytes", "lint_document", "lint_text", "selected_rules"]
