"""Regular expressions compiled when first used, not when their module is imported.

A pre-commit run imports every rule and every scanner, and their hundred-odd patterns cost more to compile
(``re``'s parser and compiler are Python code) than most runs spend matching: a list without HTML, tabs
or mojibake never uses a third of them. ``lazy_compile`` takes what :func:`re.compile` takes and returns an
object that compiles the pattern at its first method call, then binds the compiled pattern's methods to
itself, so that every later call costs one attribute read more than a plain pattern. Type checkers read
it as :func:`re.compile` itself.

A pattern the user wrote (``[links] exclude``, the keys of ``[links] accept``, ``--exclude``) is another
matter: a pull request can write it and the URLs it runs on, and ``re`` backtracks (``(a+)+$`` on 34
characters ran for minutes). :func:`user_pattern` compiles it with RE2 (the ``google-re2`` package), whose
matching is linear in the text whatever the pattern; what RE2 does not have (lookarounds, backreferences,
possessive quantifiers) is a ValueError that says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["lazy_compile", "user_pattern"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from re import compile as lazy_compile
    from typing import Protocol

    class UserPattern(Protocol):
        """What a compiled user pattern offers (RE2's regular expression object)."""

        def search(self, text: str) -> object | None: ...

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


@lru_cache(maxsize=256)
def user_pattern(pattern: str) -> UserPattern:
    """``pattern`` compiled with RE2: ``search`` takes time linear in the text. ValueError names a pattern
    RE2 cannot run (a syntax error, a lookaround or a backreference, a pattern too large)."""
    import re2  # lazy: only a configuration or a command line with URL patterns loads RE2 (start-up)

    options = re2.Options()
    options.log_errors = False  # the error is ours to tell, not RE2's log on stderr
    try:
        compiled: UserPattern = re2.compile(pattern, options)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ValueError(
            f"{pattern!r} is not a regular expression awesomelint can run: {why} (RE2's syntax, matched "
            "in time linear in the URL: no lookaround or backreference)"
        ) from None
    return compiled
