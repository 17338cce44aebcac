"""``awesomelint config --schema``: the JSON Schema of the configuration, generated from the pydantic
models that validate it, for editors (taplo, Even Better TOML, SchemaStore). The repository ships it as
``awesomelint.schema.json`` (a test fails when that file is stale), which its ``$id`` names."""

from __future__ import annotations

import json
from typing import Any, TextIO

from awesomelint.config import Config

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: the file in the repository, as ``awesomelint config --schema > awesomelint.schema.json`` writes it
SCHEMA_FILE = "awesomelint.schema.json"
#: where the newest schema is served: the file on the main branch, raw (the JSON, not GitHub's page of it)
SCHEMA_ID = f"https://raw.githubusercontent.com/awesomelint/awesomelint/main/{SCHEMA_FILE}"


def config_schema() -> dict[str, Any]:
    """The schema of ``.awesomelint.toml`` (and of ``[tool.awesomelint]`` in ``pyproject.toml``)."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **Config.model_json_schema(by_alias=True),
        "title": "awesomelint configuration",
        "description": ".awesomelint.toml, or [tool.awesomelint] in pyproject.toml",
    }


def print_schema(out: TextIO) -> None:
    json.dump(config_schema(), out, indent=2, ensure_ascii=False)
    out.write("\n")
