from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .apiserver import ApiServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: real lists written by others: ../shared/corpus beside the checkout, or the folder AWESOMELINT_CORPUS names
CORPUS = Path(os.environ.get("AWESOMELINT_CORPUS") or ROOT.parent / "shared" / "corpus").expanduser()
CORPUS_SKIP = (
    f"no corpus of real lists at {CORPUS} (set AWESOMELINT_CORPUS to a folder of them, as ../shared/corpus)"
)
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_SKIP)
    return CORPUS


@pytest.fixture
def api() -> Iterator[ApiServer]:
    """The loopback GitHub and arXiv APIs (tests/apiserver.py), for one test."""
    srv = ApiServer().start()
    yield srv
    srv.close()


def pytest_report_header() -> str:
    return f"corpus: {CORPUS}" if CORPUS.is_dir() else f"corpus: {CORPUS_SKIP}"


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the end, beside the counts, why the corpus tests did not run (a skip that is easy to miss)."""
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if CORPUS_SKIP in str(getattr(r, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} corpus test(s) skipped: {CORPUS_SKIP}", yellow=True, bold=True
        )
