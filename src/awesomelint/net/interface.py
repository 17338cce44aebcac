"""What the rules see of the network: a :class:`LinkChecker` answers with the :class:`Outcome` of each URL.
The rules import this module and :mod:`.classify` (what an outcome means), never the client or the
service; the engine hands them a :class:`~awesomelint.net.service.LinkService`, tests may hand them
anything of this shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from awesomelint.net.apis.metadata import Paper, Repository
from awesomelint.net.classify import Outcome

__all__ = ["LinkChecker", "Outcome", "Paper", "Repository"]


class LinkChecker(Protocol):
    def outcomes(self, urls: Iterable[str]) -> dict[str, Outcome] | None:
        """The outcome of every URL (keyed by the URL without its fragment); None when there is no
        network."""
        ...

    def tally(self, key: str, category: str) -> None:
        """Record the verdict a rule reached on a URL (for the run's summary line)."""
        ...

    def repositories(self, keys: Iterable[str]) -> dict[str, Repository] | None:
        """What GitHub's API says of these ``owner/name`` repositories (lower-cased keys), for the keys it
        settled; None when the API is not used (no token, ``apis = false``, no network): the rules then
        rely on the page checks."""
        ...

    def papers(self, ids: Iterable[str]) -> dict[str, Paper] | None:
        """What arXiv's API says of these identifiers (without version), for the ones it settled; None when
        the API is not used."""
        ...
