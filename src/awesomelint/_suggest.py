""" "Did you mean": the closest known word to one the user mistyped (a flag, a rule, a configuration key),
for every stage's messages."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word most like ``word`` (case aside), or None when none is close."""
    import difflib  # lazy: start-up; only a mistake needs it

    choices = {k.lower(): k for k in known}
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return choices[found[0]] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or '' when none is close."""
    found = closest(word, known)
    return f" (did you mean {found!r}?)" if found is not None else ""
