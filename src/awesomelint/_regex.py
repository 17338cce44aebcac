"""Regular expressions compiled when first used, not when their module is imported.

A pre-commit run imports every rule and every scanner, and their hundred-odd patterns cost more to compile
(``re``'s parser and compiler are Python code) than most runs spend matching: a list without HTML, tabs
or mojibake never uses a third of them. ``lazy_compile`` takes what :func:`re.compile` takes and returns an
object that compiles the pattern at its first method call, then binds the compiled pattern's methods to
itself, so that every later call costs one attribute read more than a plain pattern. Type checkers read
it as :func:`re.compile` itself.
"""

from __future__ import annotations

import re

__all__ = ["lazy_compile"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from re import compile as lazy_compile
else:
    _BOUND = (
        "match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
        "pattern", "flags", "groups", "groupindex",
    )  # fmt: skip

    class LazyPattern:
        """A pattern that compiles itself the first time any of its attributes is read."""

        __slots__ = ("_args", "compiled", *_BOUND)

        def __init__(self, pattern: str, flags: int = 0) -> None:
            self._args = (pattern, flags)

        def __getattr__(self, name: str) -> object:  # only for a slot not filled yet: the first use
            if name not in _BOUND and name != "compiled":
                raise AttributeError(name)
            compiled = re.compile(*self._args)
            self.compiled = compiled
            for attr in _BOUND:
                setattr(self, attr, getattr(compiled, attr))
            return getattr(compiled, name)

        def __repr__(self) -> str:
            return f"lazy re.compile({self._args[0]!r}, {self._args[1]!r})"

        def __reduce__(self) -> tuple[object, tuple[str, int]]:
            return (LazyPattern, self._args)

    def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
        return LazyPattern(pattern, flags)
