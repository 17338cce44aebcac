"""What the engine asks the link checker for a document (``engine/link_facts.py``): only what the rules
that run read, each part once, and no page that the APIs' answers settled. The checker here is a plain
object of the ``LinkChecker`` shape that writes down what it was asked (the interface the rules' facts
are built on; the real service is tested against loopback servers in test_links.py and test_apis.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.net.interface import Outcome, Paper, Repository
from awesomelint.rules import Rule, registry

TEXT = (
    "|Date|Title|Paper|Code|\n|---|---|---|---|\n"
    "|2024.01|A|[p](https://arxiv.org/abs/2401.00001)|[c](https://github.com/gone/repo)|\n"
    "|2024.01|B|[p](https://arxiv.org/html/2401.00002)|[c](https://github.com/ok/repo/tree/main/x)|\n"
    "|2024.01|C|[p](https://example.com/paper)|![](https://img.shields.io/github/stars/ok/repo.svg)"
    " ![](https://img.shields.io/badge/any-thing-blue)|\n"
)


class Recorder:
    """A link checker that answers from fixed facts and writes down every question."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, list[str]]] = []

    def outcomes(self, urls: Iterable[str]) -> dict[str, Outcome] | None:
        urls = list(urls)
        self.asked.append(("outcomes", urls))
        return {u: Outcome(url=u, status=200) for u in urls}

    def tally(self, key: str, category: str) -> None:
        pass

    def repositories(self, keys: Iterable[str]) -> dict[str, Repository] | None:
        keys = list(keys)
        self.asked.append(("repositories", keys))
        return {
            "gone/repo": Repository("gone/repo", False),
            "ok/repo": Repository("ok/repo", True, "ok/repo"),
        }

    def papers(self, ids: Iterable[str]) -> dict[str, Paper] | None:
        ids = list(ids)
        self.asked.append(("papers", ids))
        return {i: Paper(i, True, published="2024-01-02") for i in ids}


def asked(*rules: str) -> list[tuple[str, list[str]]]:
    checker = Recorder()
    chosen: list[type[Rule]] = [r for name in rules if (r := registry().get(name)) is not None]
    result = lint_bytes(
        TEXT.encode(), "README.md", Config(), chosen, today=dt.date(2026, 1, 1), online=True, links=checker
    )
    assert result.error is None
    return checker.asked


def test_arxiv_date_alone_asks_arxiv_once_and_fetches_nothing() -> None:
    assert asked("arxiv-date", "paper-title") == [("papers", ["2401.00001", "2401.00002"])]


def test_badge_url_alone_fetches_the_badges_the_api_did_not_settle() -> None:
    # the stars badge of a repository the API knows is settled; the other badge is fetched; no paper
    assert asked("badge-url") == [
        ("repositories", ["gone/repo", "ok/repo", "ok/repo"]),
        ("outcomes", ["https://img.shields.io/badge/any-thing-blue"]),
    ]


def test_dead_link_fetches_every_link_the_apis_did_not_settle_once_for_every_rule() -> None:
    # a repository that does not exist and an abs page of a paper arXiv knows are settled by the APIs;
    # a deep link into a repository, an html page and any other page are fetched
    assert asked("arxiv-date", "badge-url", "dead-link", "paper-title") == [
        ("papers", ["2401.00001", "2401.00002"]),
        ("repositories", ["gone/repo", "ok/repo", "ok/repo"]),
        (
            "outcomes",
            [
                "https://arxiv.org/html/2401.00002",
                "https://github.com/ok/repo/tree/main/x",
                "https://example.com/paper",
                "https://img.shields.io/badge/any-thing-blue",
            ],
        ),
    ]


def test_an_offline_run_asks_nothing() -> None:
    checker = Recorder()
    lint_bytes(TEXT.encode(), "README.md", Config(), None, today=dt.date(2026, 1, 1), links=checker)
    assert checker.asked == []
