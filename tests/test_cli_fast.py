"""The fast reading of a check run's argv (``awesomelint.cli.fast``) is argparse's
(``awesomelint.cli.args``)."""

from __future__ import annotations

import contextlib
import io

import pytest

from awesomelint._version import __version__
from awesomelint.cli import main


def test_the_quick_reading_of_argv_is_argparse_s() -> None:
    """The usual check runs are read without argparse: every argv the quick reading takes gives exactly
    the options argparse gives, and whatever it does not take (``--help``, a flag with a value other than
    ``--format``, a path after a flag that follows paths) is left to argparse."""
    import itertools

    from awesomelint.cli.args import build_check_parser
    from awesomelint.cli.fast import CHECK_DEFAULTS, quick_check_args
    from awesomelint.commands import UsageError as _UsageError

    parser = build_check_parser()
    assert vars(parser.parse_args([])) == CHECK_DEFAULTS, "a new flag's default goes into CHECK_DEFAULTS"
    words = ["--offline", "-q", "--fix", "--format", "github", "--format=json", "--format=nope", "a.md", "-",
             "", "--", "-x", "--help", "--timeout", "5", "--offlin", "--offline=1", "-qq", "--output-format",
             "--output-format=sarif", "--output-format=", "--show-files"]  # fmt: skip
    taken = 0
    for n in range(4):
        for argv in itertools.product(words, repeat=n):
            quick = quick_check_args(list(argv))
            if quick is None:
                continue
            taken += 1
            try:
                expected = vars(parser.parse_args(list(argv)))
            except _UsageError as exc:
                raise AssertionError(
                    f"{argv}: argparse refuses it ({exc}), the quick reading took it"
                ) from None
            assert vars(quick) == expected, argv
    assert taken > 500
    for usual in (["--offline", "README.md"], ["--format", "github", "a.md", "b.md"], ["-q", "--fix", "-"],
                  ["--output-format", "json", "a.md"], ["--output-format=github", "--offline"]):  # fmt: skip
        assert quick_check_args(usual) is not None, usual
    for other in (["--help"], ["a.md", "--offline", "b.md"], ["--select", "AL1"], ["--", "a.md"]):
        assert quick_check_args(other) is None, other
    out, by_argparse = io.StringIO(), io.StringIO()
    assert main(["--version"], stdout=out) == 0
    with contextlib.redirect_stdout(by_argparse), pytest.raises(SystemExit):
        parser.parse_args(["--version"])
    assert out.getvalue() == by_argparse.getvalue() == f"awesomelint {__version__}\n"
