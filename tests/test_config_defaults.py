"""The plain defaults of a zero-config run (the end of `config/base.py`) are generated from the models that
define every key (`config/model.py`): the checked-in file is what the generator makes now, and it holds the
same fields with the same values. (That a zero-config run imports no pydantic, `tests/test_cli.py` holds.)"""

from __future__ import annotations

import pytest

from awesomelint._record import asdict
from awesomelint.config import Config, default_config
from awesomelint.config.generate import COMMAND, MARKER, TARGET, main, render


def test_the_defaults_are_generated_from_the_models() -> None:
    current = TARGET.read_text(encoding="utf-8")
    assert current == render(current), f"{TARGET.name} is stale: run `{COMMAND}`"


def test_the_defaults_are_the_models_defaults() -> None:
    """Every field of every section, with the same value (the generator's own check)."""
    plain = asdict(default_config())
    assert plain.pop("_source") is None and default_config().source is None
    assert plain.pop("_notices") == () and default_config().notices == ()
    assert plain == Config().model_dump()
    assert type(default_config()).__name__ == "PlainConfig"  # not the model


def test_the_generator_checks_and_rewrites(tmp_path, monkeypatch, capsys) -> None:
    """It rewrites the generated end of the file and nothing before it."""
    current = TARGET.read_text(encoding="utf-8")
    written = current[: current.index(MARKER)]
    stale = tmp_path / "base.py"
    stale.write_text(f"{written}{MARKER}\n# an older generation\n", encoding="utf-8")
    monkeypatch.setattr("awesomelint.config.generate.TARGET", stale)
    assert main(["--check"]) == 1
    assert f"is stale: run `{COMMAND}`" in capsys.readouterr().err
    assert main([]) == 0
    assert stale.read_text(encoding="utf-8") == current
    assert main(["--check"]) == 0
    stale.write_text(written, encoding="utf-8")
    with pytest.raises(ValueError, match="where the generated classes begin"):
        main([])
