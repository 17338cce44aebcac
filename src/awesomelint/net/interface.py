"""What the rules see of the network: a :class:`LinkChecker` answers with the :class:`Outcome` of each URL.
The rules import this module and :mod:`.classify` (what an outcome means), never the client or the
service; the engine hands them a :class:`~awesomelint.net.service.LinkService`, tests may hand them
anything of this shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from awesomelint.net.classify import Outcome


class LinkChecker(Protocol):
    def outcomes(self, urls: Iterable[str]) -> dict[str, Outcome] | None:
        """The outcome of every URL (keyed by the URL without its fragment); None when there is no
        network."""
        ...

    def tally(self, key: str, category: str) -> None:
        """Record the verdict a rule reached on a URL (for the run's summary line)."""
        ...
