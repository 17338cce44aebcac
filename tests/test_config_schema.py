"""`awesomelint config --schema`: the JSON Schema of the configuration, from the pydantic model; the
README's example configuration validates against it, and what the model refuses, the schema refuses."""

from __future__ import annotations

import io
import json
import re
import tomllib

import jsonschema
import pytest

from awesomelint.cli import main
from awesomelint.config import validate_config

from .conftest import ROOT


def schema() -> dict:
    out = io.StringIO()
    assert main(["config", "--schema"], out, io.StringIO()) == 0
    return json.loads(out.getvalue())


def readme_config() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(# \.awesomelint\.toml\n.*?)```", text, re.S)
    assert block is not None, "the README's example configuration"
    return tomllib.loads(block.group(1))


def test_schema_is_valid_and_the_readme_example_validates() -> None:
    s = schema()
    validator = jsonschema.Draft202012Validator
    validator.check_schema(s)
    example = readme_config()
    assert {"per-file-ignores", "exclude", "links", "dates"} <= set(example)  # the example shows the keys
    errors = [e.message for e in validator(s).iter_errors(example)]
    assert errors == []
    validate_config(example, "README.md")  # and the model agrees


@pytest.mark.parametrize(
    "bad",
    [
        {"selec": ["ALL"]},
        {"dates": {"order": "sideways"}},
        {"links": {"timeout": 0}},
        {"duplicates": {"scope": "everywhere"}},
        {"per-file-ignores": {"a.md": "AL1"}},
    ],
)
def test_what_the_model_refuses_the_schema_refuses(bad: dict) -> None:
    assert list(jsonschema.Draft202012Validator(schema()).iter_errors(bad))
    with pytest.raises(Exception, match="config"):
        validate_config(bad, "config")


def test_schema_is_the_only_use() -> None:
    err = io.StringIO()
    assert main(["config"], io.StringIO(), err) == 2
    assert "--schema" in err.getvalue()
