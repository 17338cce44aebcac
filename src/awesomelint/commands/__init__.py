"""The commands: ``check`` (lint, ``--fix``, ``--diff``), ``export``, ``init``, ``rules`` and ``explain``,
each a plain function that takes typed options and returns (or writes) its result. The CLI
(:mod:`awesomelint.cli`) only turns argv into these options and a result into an exit code."""


class UsageError(Exception):
    """The options cannot be carried out (no such file, flags that do not combine): exit 2."""
