"""Dates at another precision than the list's (a year alone among months) and months spelt another way."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

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
    assert code == 0, out  # a real date spelt another way is a difference of style: warnings
    assert "0 errors and 2 warnings" in out, out
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


def test_a_date_that_says_nothing_is_one_the_date_check_finds_nothing_in() -> None:
    """date-format looks for where an entry's date stands only when it has something to say of it
    (``rules.dates._says_nothing``, the fast copy of what ``rules.dates._check_date`` finds): for values of
    every shape and near misses, read in every candidate format, strict and lenient, with the group's
    other spellings, future dates allowed or not, the two agree."""
    from awesomelint.config import Config, validate_config
    from awesomelint.document.date_reading import entry_spellings, read_in_format
    from awesomelint.document.dates import CANDIDATES, DateFormat
    from awesomelint.document.parse import parse_document
    from awesomelint.rules.base import Context
    from awesomelint.rules.dates import DateFormatRule, _check_date, _says_nothing

    values = [
        *_date_like_values()[:1500],
        "June 2024", "Sept 2024", "Jun 2024", "2026.11", "2026.12", "2027", "2030.01", "29 Nov 2026",
        "30 Nov 2026", "06 Jun 2022", "31 Apr 2023", "2024.13", "2025.1", "'24.05", "2025.0126",
    ]  # fmt: skip
    doc = parse_document("x" * 80 + "\n")
    for config in (Config(), validate_config({"dates": {"allow-future": True}}, None)):
        ctx = Context(doc=doc, config=config, today=TODAY)
        ctx.rule = DateFormatRule
        for spec in (*CANDIDATES, "D Mon YYYY", "Mon D, YYYY"):
            fmt = DateFormat.parse(spec)
            others = entry_spellings(values, fmt, TODAY)
            for value in values:
                for lenient in (True, False):
                    parts = read_in_format(value, fmt, TODAY, lenient, others if lenient else ())
                    found = list(_check_date(ctx, 1, 1, value, parts, fmt, None, "the list's"))
                    assert _says_nothing(ctx, parts, fmt) == (not found), (spec, value, lenient, found)


def _export_dates(path: Path) -> list[tuple[str | None, str | None]]:
    out_buf, err = io.StringIO(), io.StringIO()
    assert main(["export", "--today", TODAY.isoformat(), "--isolated", str(path)], out_buf, err) == 0, err
    return [(e["date"], e["date_text"]) for e in json.loads(out_buf.getvalue())["entries"]]


#: spellings of dates met in real lists, each as a list writes it throughout, and the ISO date of each
SPELLINGS = {
    "Mon, YYYY": (["May, 2023", "Jun, 2023", "Sep., 2023", "Oct, 2023"], ["2023-05", "2023-06", "2023-09", "2023-10"]),
    "Mon. YYYY": (["Jan. 2024", "Feb. 2024", "Mar. 2024", "Apr. 2024"], ["2024-01", "2024-02", "2024-03", "2024-04"]),
    "Sept": (["Jul 2023", "Aug 2023", "Sept 2023", "Oct 2023"], ["2023-07", "2023-08", "2023-09", "2023-10"]),
    "YYYY.MMDD": (["2025.0126", "2025.0203", "2025.0301", "2025.0415"], ["2025-01-26", "2025-02-03", "2025-03-01", "2025-04-15"]),
    "YYYY-M": (["2024-5", "2024-6", "2024-9", "2024-12"], ["2024-05", "2024-06", "2024-09", "2024-12"]),
    "'YY.MM": (["'24.05", "'24.06", "'24.07", "'24.08"], ["2024-05", "2024-06", "2024-07", "2024-08"]),
}  # fmt: skip


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_a_list_uses_is_read_exported_and_checked(tmp_path: Path, spelling: str) -> None:
    """A list that writes its dates in one spelling gets every date rule: the dates export as ISO dates at
    their precision, a row out of place breaks the order, an impossible or future date is an error."""
    texts, iso = SPELLINGS[spelling]
    path = tmp_path / "README.md"
    rows = "".join(f"|{d}|T{i}|\n" for i, d in enumerate(texts))
    path.write_text("# L\n\n|Date|Title|\n|---|---|\n" + rows)
    code, out, _err = run(["--offline", str(path)])
    assert code == 0, out
    assert _export_dates(path) == list(zip(iso, texts, strict=True))
    swapped = [*texts, texts[1]]
    path.write_text(
        "# L\n\n|Date|Title|\n|---|---|\n" + "".join(f"|{d}|T{i}|\n" for i, d in enumerate(swapped))
    )
    _code, out, _err = run(["--offline", "--select", "date-order", str(path)])
    assert "AL202 date-order row breaks the table's ascending date order" in out, out
    future = (
        texts[3].replace("2024", "2031").replace("2023", "2031").replace("2025", "2031").replace("'24", "'31")
    )
    path.write_text(path.read_text().replace(f"|{texts[3]}|T3|", f"|{future}|T3|"))
    _code, out, _err = run(["--offline", "--select", "date-format", str(path)])
    assert f"{future!r} lies in the future" in out, out


def test_a_mon_comma_list_gets_its_arxiv_and_order_checks() -> None:
    """The list of 374 rows that writes 'Mon, YYYY' got no date check at all: its fixture has an arXiv
    date defect, a row out of order and an impossible month (tests/fixtures/rules/date-format-spellings.md
    pins each)."""
    from awesomelint.config import Config
    from awesomelint.engine import lint_bytes

    from .conftest import FIXTURES

    path = FIXTURES / "rules" / "date-format-spellings.md"
    found = {f.rule for f in lint_bytes(path.read_bytes(), str(path), Config(), today=TODAY).findings}
    assert found == {"arxiv-date", "date-order", "date-format"}


DAYS_WITH_A_MONTH = """# Papers

|Date|Title|
|---|---|
|2024-01-05|A|
|2024-02|B, known by its month: in order among the days of February|
|2024-02-20|C|
|2024-03-01|D|
|2024-04-11|E|
"""


def test_a_month_among_days_is_that_month(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(DAYS_WITH_A_MONTH)
    code, out, _err = run(["--offline", str(path)])
    assert code == 0 and "AL2" not in out, out
    assert _export_dates(path)[:3] == [
        ("2024-01-05", "2024-01-05"),
        ("2024-02", "2024-02"),
        ("2024-02-20", "2024-02-20"),
    ]
    path.write_text(DAYS_WITH_A_MONTH.replace("|2024-02|B", "|2024-04|B"))
    code, out, _err = run(["--offline", str(path)])
    assert ":6:2: AL202 date-order" in out and "AL201" not in out, out  # out of place, not wrongly written
    path.write_text(DAYS_WITH_A_MONTH.replace("|2024-02|B", "|2024-13|B"))
    code, out, _err = run(["--offline", str(path)])
    assert ":6:2: AL201 date-format '2024-13' is not a real date: month 13 does not exist" in out, out


def test_another_spelling_the_list_uses_is_a_fixable_warning(tmp_path: Path) -> None:
    """'2025.1' in a list of '2025.01' dates that writes months without their zero elsewhere too: the same
    date in the list's other spelling, a warning naming the list's spelling; fixed into it."""
    path = tmp_path / "README.md"
    rows = ["2024.11", "2024.12", "2025.1", "2025.02", "2025.4", "2025.05"]
    path.write_text("# L\n\n|Date|Title|\n|---|---|\n" + "".join(f"|{d}|{i}|\n" for i, d in enumerate(rows)))
    code, out, _err = run(["--offline", str(path)])
    assert code == 0, out
    assert (
        ":7:2: AL201 date-format '2025.1' is written in another spelling of the list (YYYY.M): expected "
        "'2025.01', in the list's format YYYY.MM (inferred from the list); found '2025.1'"
    ) in out, out
    assert "0 errors and 2 warnings" in out and "(2 fixable with --fix)" in out, out
    assert _export_dates(path)[2] == ("2025-01", "2025.1")
    run(["--offline", "--fix", str(path)])
    assert [ln.split("|")[1] for ln in path.read_text().splitlines()[4:]] == [
        "2024.11", "2024.12", "2025.01", "2025.02", "2025.04", "2025.05",
    ]  # fmt: skip


def test_a_spelling_used_once_is_not_read_as_the_list_s(tmp_path: Path) -> None:
    """One '2023-09' among '2023.09' dates is no spelling of the list: an error, as before; so is a
    day-month order the list never makes unambiguous ('05/06/2024' twice: May or June?)."""
    path = tmp_path / "README.md"
    rows = [
        "2023.08",
        "2023-09",
        "2023.10",
        "2023.11",
        "2023.12",
        "05/06/2024",
        "06/05/2024",
        "2024.07",
        "2024.08",
    ]
    path.write_text("# L\n\n|Date|Title|\n|---|---|\n" + "".join(f"|{d}|{i}|\n" for i, d in enumerate(rows)))
    _code, out, _err = run(["--offline", "--select", "date-format", str(path)])
    assert out.count("error AL201") + out.count(": AL201") == 3, out
    assert "found '2023-09'" in out and "found '05/06/2024'" in out and "found '06/05/2024'" in out, out


def test_date_order_keeps_the_entries_the_dates_keep() -> None:
    """date-order compares dates as one number each (``rules.dates.table_order``): the entries it keeps in
    either order are those that the dates' (year, month, day) keep, for dates of every precision (a
    month or day not given), many equal and neighbouring ones among them."""
    import random

    from awesomelint.config import validate_config
    from awesomelint.document.dates import DateValue
    from awesomelint.document.parse import parse_document
    from awesomelint.rules._order import keep_order
    from awesomelint.rules.base import Context
    from awesomelint.rules.dates import table_order

    values = [
        DateValue(y, m, d) for y in (999, 1999, 2000) for m in range(13) for d in range(32) if d == 0 or m
    ]
    rng = random.Random(7)
    doc = parse_document("x\n")
    for direction, sign in (("ascending", 1), ("descending", -1)):
        ctx = Context(doc=doc, config=validate_config({"dates": {"order": direction}}, None), today=TODAY)
        for _ in range(400):
            dates = rng.sample(values, 30) + rng.choices(values, k=10)  # and some twice
            rng.shuffle(dates)
            keys = [(sign * v.year, sign * v.month, sign * v.day) for v in dates]
            assert table_order(ctx, None, [(None, v, "") for v in dates]) == (direction, keep_order(keys))
