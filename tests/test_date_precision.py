"""Dates at another precision than the list's (a year alone among months) and months spelt another way."""

from __future__ import annotations

import io
import json
from pathlib import Path

from awesomelint.cli import main

from .conftest import TODAY
from .test_cli import run

YEARS_AMONG_MONTHS = """# Papers

|Date|Title|Paper|
|---|---|---|
|1995|Old paper, known by its year|[[pdf]](https://example.org/old.pdf)|
|2019.05|A|[[pdf]](https://arxiv.org/abs/1905.00001)|
|2019|B, in order among the dates of 2019|[[pdf]](https://arxiv.org/abs/1906.00001)|
|2019.07|C|[[pdf]](https://arxiv.org/abs/1907.00001)|
|2024.01|D|[[pdf]](https://arxiv.org/abs/2401.00001)|
"""


def test_a_year_alone_among_months_is_a_coarser_date(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(YEARS_AMONG_MONTHS)
    code, out, _err = run(["--offline", str(path)])
    assert code == 0, out
    assert "AL2" not in out, out  # no date-format, date-order or arxiv-date finding (2019 for arXiv 1906)
    out_buf, err = io.StringIO(), io.StringIO()
    assert main(["export", "--today", TODAY.isoformat(), "--isolated", str(path)], out_buf, err) == 0, err
    entries = json.loads(out_buf.getvalue())["entries"]
    assert [(e["date"], e["date_text"]) for e in entries] == [
        ("1995", "1995"),
        ("2019-05", "2019.05"),
        ("2019", "2019"),
        ("2019-07", "2019.07"),
        ("2024-01", "2024.01"),
    ]


def test_a_year_alone_out_of_its_place_breaks_the_order(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(YEARS_AMONG_MONTHS.replace("|2019|B", "|2021|B"))
    _code, out, _err = run(["--offline", "--select", "date-order", str(path)])
    assert ":7:2: AL202 date-order" in out and "found 2021" in out, out


def test_full_month_names_in_a_mon_list_are_fixed(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    rows = ["May 2024", "June 2024", "Jul 2024", "Sept 2024", "Oct 2024"]
    path.write_text("# L\n\n|Date|Title|\n|---|---|\n" + "".join(f"|{d}|{i}|\n" for i, d in enumerate(rows)))
    code, out, _err = run(["--offline", "--select", "date-format", str(path)])
    assert code == 1
    assert "'June 2024' is the date Jun 2024 with its month spelt another way" in out
    assert "not a month name" not in out
    assert "(2 fixable with --fix)" in out, out
    code, out, _err = run(["--offline", "--select", "date-format", "--fix", str(path)])
    assert code == 0, out
    assert path.read_text().splitlines()[5:8] == ["|Jun 2024|1|", "|Jul 2024|2|", "|Sep 2024|3|"]


def test_a_list_of_full_month_names_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    rows = ["May 2024", "June 2024", "July 2024", "September 2024", "October 2024"]
    path.write_text("# L\n\n|Date|Title|\n|---|---|\n" + "".join(f"|{d}|{i}|\n" for i, d in enumerate(rows)))
    code, out, _err = run(["--offline", str(path)])
    assert code == 0, out


def _date_like_values() -> list[str]:
    """Values of every shape the candidate formats read, and near misses: digit runs of 1-5, month names
    and abbreviations with and without a dot, other words, separators of the formats and others, and
    digits of other scripts (which ``\\d`` reads too)."""
    import random

    rng = random.Random(12)
    parts = [
        "2024", "24", "05", "5", "12", "31", "1", "202405", "00", "9",
        "Jun", "jun.", "Sept", "June", "DECEMBER", "Foo", "ab", "Mayo",
        "\u0662\u0660\u0662\u0664", "\uff10\uff15",
    ]  # fmt: skip
    seps = [".", "-", "/", " ", "", "..", ", ", "_", "\t"]
    values = parts + [a + sep + b for a in parts for sep in seps for b in parts]  # every pair
    for _ in range(3000):  # and a sample of longer ones
        text = rng.choice(parts)
        for _ in range(rng.randint(2, 3)):
            text += rng.choice(seps) + rng.choice(parts)
        values.append(text)
    return values


def test_the_skeleton_prefilter_finds_the_formats_every_pattern_finds() -> None:
    """Inference tries only the candidate formats of a value's skeleton (digit and letter runs): it must
    find exactly the shapes, and reinterpret exactly the readings, that trying every candidate finds."""
    from awesomelint.document.dates import (
        InvalidDate,
        _formats_for,
        candidate_formats,
    )

    for value in _date_like_values():
        every = [f.spec for f in candidate_formats() if f.matches_shape(value)]
        assert [f.spec for f in _formats_for(value) if f.matches_shape(value)] == every, value
        for fmt in candidate_formats():
            try:
                read = fmt.read(value)
            except InvalidDate:
                read = None
            if read is not None:
                assert fmt in _formats_for(value), (value, fmt.spec)


def test_a_format_reads_a_text_the_same_every_time() -> None:
    """read() remembers what it made of a text (a list writes the same month on many rows): a valid
    date, a text of another shape and an impossible date read the same the second time; a two-digit year
    is read against the day it is given, not remembered."""
    import datetime as dt

    import pytest

    from awesomelint.document.dates import DateFormat, DateValue, InvalidDate

    fmt = DateFormat.parse("YYYY.MM")
    for _ in range(2):
        assert fmt.read("2024.05") == DateValue(2024, 5)
        assert fmt.read("May 2024") is None
        with pytest.raises(InvalidDate, match="month 13"):
            fmt.read("2024.13")
    short = DateFormat.parse("YY.MM")
    assert short.read("30.01", dt.date(2026, 1, 1)) == DateValue(2030, 1)
    assert short.read("30.01", dt.date(2020, 1, 1)) == DateValue(1930, 1)
