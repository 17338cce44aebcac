"""``awesomelint config --schema``: the JSON Schema of the configuration, generated from the pydantic
model that validates it, for editors (taplo, Even Better TOML, SchemaStore)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from awesomelint._version import __version__
from awesomelint.config import Config

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def config_schema() -> dict[str, Any]:
    """The schema of ``.awesomelint.toml`` (and of ``[tool.awesomelint]`` in ``pyproject.toml``)."""
    schema = Config.model_json_schema(by_alias=True)
    schema["properties"].pop("source", None)  # where the file was read from: not a key of the file
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://github.com/awesomelint/awesomelint/blob/v{__version__}/awesomelint.schema.json",
        **schema,
        "title": "awesomelint configuration",
        "description": ".awesomelint.toml, or [tool.awesomelint] in pyproject.toml",
    }


def print_schema(out: TextIO) -> None:
    json.dump(config_schema(), out, indent=2, ensure_ascii=False)
    out.write("\n")
