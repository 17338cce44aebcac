"""`awesomelint config --schema`: the JSON Schema of the configuration, from the pydantic models that
validate it. The example of docs/configuration.md validates against it; on generated configurations, valid and not, the
schema accepts exactly what the validator accepts; the repository ships it as `awesomelint.schema.json`,
which its `$id` names."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tomllib
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from awesomelint.cli import main
from awesomelint.commands.config import SCHEMA_FILE
from awesomelint.config import ConfigError, validate_config
from awesomelint.config.base import ACCEPT_EVERY_URL, compile_globs, compile_pattern
from awesomelint.document.dates import DateFormat
from awesomelint.net.guard import parse_networks

from .conftest import ROOT


@cache
def schema_text() -> str:
    out = io.StringIO()
    assert main(["config", "--schema"], out, io.StringIO()) == 0
    return out.getvalue()


def schema() -> dict:
    return json.loads(schema_text())


@cache
def schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def documented_config() -> dict:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(# \.awesomelint\.toml\n.*?)```", text, re.S)
    assert block is not None, "the example configuration of docs/configuration.md"
    return tomllib.loads(block.group(1))


def test_schema_is_valid_and_the_documented_example_validates() -> None:
    s = schema()
    validator = jsonschema.Draft202012Validator
    validator.check_schema(s)
    example = documented_config()
    assert {"per-file-ignores", "exclude", "links", "dates"} <= set(example)  # the example shows the keys
    errors = [e.message for e in validator(s).iter_errors(example)]
    assert errors == []
    validate_config(example, "docs/configuration.md")  # and the model agrees


@pytest.mark.parametrize(
    "bad",
    [
        {"selec": ["ALL"]},
        {"dates": {"order": "sideways"}},
        {"links": {"timeout": 0}},
        {"links": {"timeout": "20"}},
        {"links": {"max_concurrency": 4}},
        {"links": {"accept": {"linkedin.com": [99]}}},
        {"links": {"github-api": "http://api.example.com"}},
        {"duplicates": {"scope": "everywhere"}},
        {"per-file-ignores": {"a.md": "AL1"}},
        {"source": "elsewhere.toml"},
    ],
)
def test_what_the_model_refuses_the_schema_refuses(bad: dict) -> None:
    assert list(schema_validator().iter_errors(bad))
    with pytest.raises(ConfigError, match="config"):
        validate_config(bad, "config")


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        ({"links": {"timeout": "20"}}, "links.timeout", "Input should be a valid number, not a string"),
        ({"links": {"retries": True}}, "links.retries", "Input should be a valid integer, not a boolean"),
        ({"dates": {"column": 3}}, "dates.column", "Input should be a valid string, not an integer"),
        ({"links": {"max_concurrency": 4}}, "links.max_concurrency", "unknown key (did you mean"),
        ({"source": "x.toml"}, "source", "unknown key"),
        ({"links": {"accept": {"x": [99]}}}, "links.accept.x[0]", "greater than or equal to 100"),
        ({"links": {"timeout": float("nan")}}, "links.timeout", "finite number"),
        ({"links": {"severity": {"lost": "off"}}}, "links.severity.lost", "the key should be 'gone', "),
    ],
)
def test_the_file_is_read_strictly(data: dict, key: str, message: str) -> None:
    """As the schema reads it: a string is no number, a boolean no integer, keys are kebab-case."""
    with pytest.raises(ConfigError) as info:
        validate_config(data, "cfg.toml")
    assert info.value.key == key and info.value.path == "cfg.toml"
    assert message in str(info.value)


def test_integral_floats_count_as_integers_ints_as_floats() -> None:
    """JSON Schema's `integer` takes 32.0 (TOML's float); so does the validator, as the integer it is."""
    config = validate_config({"links": {"max-concurrency": 32.0, "timeout": 5}}, None)
    assert config.links.max_concurrency == 32 and type(config.links.max_concurrency) is int
    assert config.links.timeout == 5.0


def test_schema_is_the_only_use() -> None:
    err = io.StringIO()
    assert main(["config"], io.StringIO(), err) == 2
    assert "--schema" in err.getvalue()


# --- the shipped schema file --------------------------------------------------------------------------


def test_the_shipped_schema_is_current() -> None:
    shipped = ROOT / SCHEMA_FILE
    assert shipped.is_file(), f"{SCHEMA_FILE} is missing: run `awesomelint config --schema > {SCHEMA_FILE}`"
    assert shipped.read_text(encoding="utf-8") == schema_text(), (
        f"{SCHEMA_FILE} is stale: run `awesomelint config --schema > {SCHEMA_FILE}`"
    )


def test_the_schema_id_names_the_shipped_file_on_the_main_branch() -> None:
    """`$id` is where the newest schema is served: the shipped file, raw, on the homepage's main branch."""
    homepage = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
        "Homepage"
    ]
    owner_repo = homepage.removeprefix("https://github.com/")
    assert schema()["$id"] == f"https://raw.githubusercontent.com/{owner_repo}/main/{SCHEMA_FILE}"
    assert (ROOT / SCHEMA_FILE).is_file()


# --- the schema and the validator accept the same configurations ----------------------------------------

#: where a string sits, beyond the names of a table's keys: an item of an array, a key or a value of a map
ITEM, KEY, VALUE = "[item]", "[key]", "[value]"

#: TOML's scalars. JSON (and so the schema) has no NaN or infinity, which the validator refuses (and which
#: are left out here); TOML's integers are 64-bit; TOML has no null, so None is never drawn.
scalars = (
    st.text(max_size=12)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.times()
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)

#: The keys whose validator checks what JSON Schema cannot say, with that check (the validator's own): a
#: date format, a regular expression that compiles, a gitignore glob, an IP address or network. The
#: generator draws strings there that the check takes, and a configuration with another string there
#: (drawn as any TOML value) is not used: the schema cannot tell, so the two cannot be compared on it.
CHECKS: dict[tuple[str, ...], Callable[[str], object]] = {
    ("dates", "format"): DateFormat.parse,
    ("links", "exclude", ITEM): compile_pattern,
    ("links", "accept", KEY): lambda key: key == ACCEPT_EVERY_URL or compile_pattern(key),
    ("links", "allow-private", ITEM): lambda address: parse_networks([address]),
    ("exclude", ITEM): lambda glob: compile_globs((glob,)),
    ("per-file-ignores", KEY): lambda glob: compile_globs((glob,)),
}
_REGEXES = st.sampled_from(["^https://example\\.com/", "localhost", "a|b", "x{2,3}", "[.]org$"])
_GLOBS = st.sampled_from(["*.md", "docs/**", "!keep.md", "archive/", "CHANGELOG.md", "**/draft-*.md"])
CHECKED: dict[tuple[str, ...], st.SearchStrategy[str]] = {
    ("dates", "format"): st.sampled_from(["YYYY.MM", "YYYY-MM-DD", "Mon YYYY", "D Month YYYY", "YY/M"]),
    ("links", "exclude", ITEM): _REGEXES,
    ("links", "accept", KEY): _REGEXES | st.sampled_from(["linkedin.com", "*"]),
    ("links", "allow-private", ITEM): st.sampled_from(["10.1.2.3", "192.168.0.0/16", "::1", "fe80::/10"]),
    ("exclude", ITEM): _GLOBS,
    ("per-file-ignores", KEY): _GLOBS,
}
assert set(CHECKS) == set(CHECKED)
#: the paths that lead to one of them, through tables whose keys are named
_NAMED = {p[:n] for p in CHECKS for n in range(1, len(p) + 1) if p[n - 1] not in (ITEM, KEY)}


def beyond_the_schema(data: Any, path: tuple[str, ...] = ()) -> bool:
    """Whether every string at a path of ``CHECKS`` passes that check."""
    if isinstance(data, str):
        if path not in CHECKS:
            return True
        try:
            CHECKS[path](data)
        except ValueError:
            return False
        return True
    if isinstance(data, list):
        return all(beyond_the_schema(v, (*path, ITEM)) for v in data)
    if isinstance(data, dict):
        return all(
            beyond_the_schema(k, (*path, KEY))
            and beyond_the_schema(v, (*path, k) if (*path, k) in _NAMED else (*path, VALUE))
            for k, v in data.items()
        )
    return True


#: the parts of an API address (the schema says what one is, with a pattern): those that make a good one,
#: and the ways each goes wrong
_BAD_STARTS = [
    "http://api.github.com", "http://10.0.0.1", "http://localhost", "http://127.0.0.01", "http://127.1",
    "http://127.256.0.1", "http://[::1]", "ftp://api.github.com", "HTTPS://api.github.com",
    "https://user@host", "https://a b", "https://", "api.github.com",
]  # fmt: skip
_API_PARTS = (
    (
        ["https://api.github.com", "https://ghe.example.com", "http://127.0.0.1", "http://127.255.255.255"],
        _BAD_STARTS,
    ),
    (["", ":8080"], [":123456", ":", ":x"]),
    (["", "/", "/api/query", "/v3/"], ["/a?b=1", "/%41", "//x", "/a#f", "/a b", "/é"]),
    ([""], ["\n", " ", "\t", "?"]),
)


def _addresses(wrong_part: int | None) -> st.SearchStrategy[str]:
    """API addresses, all parts good but ``wrong_part``."""
    parts = [st.sampled_from(bad if k == wrong_part else good) for k, (good, bad) in enumerate(_API_PARTS)]
    return st.tuples(*parts).map("".join)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _bounds(node: dict) -> tuple[float, float]:
    return node.get("minimum", node.get("exclusiveMinimum", -(2**31))), node.get("maximum", 2**31)


def _one_type(node: dict) -> dict:
    """The schema of a value that may be missing: its one kind besides null (which TOML cannot write)."""
    (kind,) = [sub for sub in node["anyOf"] if sub.get("type") != "null"]
    return kind


def valid(node: dict, path: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Values the schema at ``path`` takes, in each form a TOML file writes them."""
    node = _resolve(node)
    kind = node.get("type")
    if "anyOf" in node:
        return valid(_one_type(node), path)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if kind == "object" and "properties" in node:
        props = node["properties"]
        return st.fixed_dictionaries({}, optional={k: valid(props[k], (*path, k)) for k in props})
    if kind == "object":
        names = node.get("propertyNames", {}).get("enum")
        keys = CHECKED.get((*path, KEY), st.sampled_from(names) if names else st.text(max_size=8))
        return st.dictionaries(keys, valid(node["additionalProperties"], (*path, VALUE)), max_size=3)
    if kind == "array":
        return st.lists(valid(node["items"], (*path, ITEM)), max_size=3)
    if kind in ("integer", "number"):
        low, high = _bounds(node)
        whole = st.integers(int(low) + ("exclusiveMinimum" in node), int(high))
        if kind == "integer":  # JSON Schema's integer takes a float without a fraction
            return whole | whole.map(float)
        return whole | st.floats(low, high, exclude_min="exclusiveMinimum" in node)
    if kind == "string":
        return CHECKED.get(path, _addresses(None) if "pattern" in node else st.text(max_size=12))
    assert kind == "boolean", node
    return st.booleans()


def _beside_bounds(node: dict) -> list[Any]:
    return [b + d for b in _bounds(node) for d in (-1, -0.5, 0, 0.5, 1)]


#: the ways a value goes wrong: which values (at a place whose schema is ``node``) can go wrong so, and how
MISTAKES: dict[str, tuple[Callable[[dict], bool], Callable[[dict], st.SearchStrategy[Any]]]] = {
    "any TOML value": (lambda node: True, lambda node: toml_values),
    "a number as a string": (
        lambda node: node.get("type") in ("integer", "number"),
        lambda node: st.sampled_from(_beside_bounds(node)).map(str) | st.integers(0, 99).map(str),
    ),
    "a number out of range": (
        lambda node: node.get("type") in ("integer", "number"),
        lambda node: st.sampled_from(_beside_bounds(node)) | st.integers(-(2**63), 2**63 - 1),
    ),
    "a boolean as a number or a string": (
        lambda node: node.get("type") == "boolean",
        lambda node: st.sampled_from(["true", "false", 0, 1, 0.0]),
    ),
    "a number as a boolean": (
        lambda node: node.get("type") in ("integer", "number"),
        lambda node: st.booleans(),
    ),
    "a choice misspelt": (
        lambda node: "enum" in node,
        lambda node: st.sampled_from(
            [str(v).upper() for v in node["enum"]] + [str(v)[:-1] for v in node["enum"]]
        ),
    ),
    "an address gone wrong": (
        lambda node: "pattern" in node,
        lambda node: st.integers(0, len(_API_PARTS) - 1).flatmap(_addresses),
    ),
}


def _places(data: Any, node: dict, path: tuple[str, ...]) -> list[tuple[Any, Any, dict, tuple[str, ...]]]:
    """Where a configuration can go wrong: (container, key or index, schema there, path there), for each
    value it has and each key its tables could have; a key of None is a new key of a table."""
    node = _resolve(node)
    if "anyOf" in node:
        return _places(data, _one_type(node), path)
    found: list[tuple[Any, Any, dict, tuple[str, ...]]] = []
    if isinstance(data, dict):
        found.append((data, None, node, path))
        missing = [k for k in node.get("properties", {}) if k not in data]
        found += [(data, k, node["properties"][k], (*path, k)) for k in missing]
        for key, value in data.items():
            inner, there = (
                (node["properties"][key], (*path, key))
                if "properties" in node
                else (node["additionalProperties"], (*path, VALUE))
            )
            found.append((data, key, inner, there))
            found += _places(value, inner, there)
    elif isinstance(data, list):
        for k, value in enumerate(data):
            found.append((data, k, node["items"], (*path, ITEM)))
            found += _places(value, node["items"], (*path, ITEM))
    return found


def _new_key(draw: st.DrawFn, node: dict, path: tuple[str, ...]) -> tuple[str, Any]:
    """A key a table does not have (snake_case, a typo, anything), or any key of a map, with a value."""
    if "properties" not in node:
        key = draw(CHECKED.get((*path, KEY), st.text(max_size=8)) | st.text(max_size=8))
        return key, draw(valid(node["additionalProperties"], (*path, VALUE)))
    names = list(node["properties"])
    misses = [n.replace("-", "_") for n in names if "-" in n] + [n[:-1] for n in names] + ["source"]
    return draw(st.sampled_from(misses) | st.text(max_size=8)), draw(toml_values)


@cache
def _valid_configurations() -> st.SearchStrategy[dict]:
    return valid(schema(), ())


@st.composite
def configurations(draw: st.DrawFn) -> Any:
    """A valid configuration; half of the time with one thing wrong in it (one only, so that the other
    keys, valid, cannot hide a disagreement): a key added, or a value replaced by one of ``MISTAKES``."""
    data = draw(_valid_configurations())
    if draw(st.booleans()):
        root = _resolve(schema())
        for name, node in root["properties"].items():  # every section, so that a mistake can go into it
            if "$ref" in node:
                data.setdefault(name, {})
        places = _places(data, root, ())
        mistake = draw(st.sampled_from(["a key added", *MISTAKES]))
        fits = MISTAKES[mistake][0] if mistake in MISTAKES else lambda node: False
        chosen = [p for p in places if p[1] is not None and fits(_resolve(p[2]))]
        if not chosen:  # no value here can go wrong so (or a key is to be added)
            mistake = "a key added"
            container, _, node, path = draw(st.sampled_from([p for p in places if p[1] is None]))
            container.__setitem__(*_new_key(draw, node, path))
        else:
            container, key, node, _ = draw(st.sampled_from(chosen))
            container[key] = draw(MISTAKES[mistake][1](_resolve(node)))
        event(mistake)
    return data


def _validator_accepts(data: Any) -> bool:
    try:
        validate_config(data, "generated.toml")
    except ConfigError:
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configurations())
@example({"links": {"timeout": "20"}})
@example({"links": {"max-concurrency": 32.0, "timeout": 20}})
@example({"links": {"max_concurrency": 4}})
@example({"source": "x.toml"})
@example({"links": {"accept": {"linkedin.com": [999.0, 99]}}})
@example({"links": {"github-api": "https://api.github.com\n"}})
@example({"links": {"github-api": "http://127.0.0.1:8080/api", "arxiv-api": "http://10.0.0.1/api"}})
@example({"links": {"severity": {"gone": "warning", "lost": "off"}}})
@example({"dates": {"column": dt.date(2024, 1, 1)}})
def test_the_schema_accepts_exactly_what_the_validator_accepts(data: Any) -> None:
    assume(beyond_the_schema(data))
    by_schema = schema_validator().is_valid(data)
    event(f"accepted: {by_schema}")
    assert by_schema == _validator_accepts(data), (
        f"the schema {'accepts' if by_schema else 'refuses'} and the validator does not: {data!r}"
    )
