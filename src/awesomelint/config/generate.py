"""Write the plain classes of a zero-config run, the generated end of :mod:`awesomelint.config.base`, from
the models of :mod:`awesomelint.config.model` (the one definition of every key)::

    python -m awesomelint.config.generate          # rewrite the end of config/base.py
    python -m awesomelint.config.generate --check  # exit 1 when it is stale

A development tool: no run of awesomelint imports it. ``tests/test_config_defaults.py`` fails when the
checked-in file differs from what :func:`render` makes. The classes end ``base.py`` rather than fill a
module of their own, whose import a zero-config run would pay for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from awesomelint.config.model import Config

TARGET = Path(__file__).with_name("base.py")
COMMAND = "python -m awesomelint.config.generate"
#: the first line of the generated end of TARGET: everything from it on is rewritten
MARKER = "# --- generated: the defaults of a zero-config run"
_INTRO = f"""{MARKER} (plain classes, no pydantic), made from the models
# of config/model.py by `{COMMAND}`: do not edit below this line."""


def plain_name(model: type[BaseModel]) -> str:
    return f"Plain{model.__name__}"


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and the models of its fields, each after those it holds."""
    found: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found += [m for m in _models(inner) if m not in found]
    return [*found, model]


def _type(hint: Any) -> str:
    """A type as the plain class writes it: a model as its plain class, a ``Literal`` as the type of its
    values (the plain classes are read as the models by type checkers: see ``config.default_config``)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is type(None):
        return "None"
    if hint is Ellipsis:  # tuple[str, ...]
        return "..."
    if origin is Literal:
        (kind,) = {type(a) for a in args}
        return kind.__name__
    if origin in (Union, UnionType):
        return " | ".join(_type(a) for a in args)
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type(a) for a in args)}]"
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return plain_name(hint)
    return str(hint.__name__)


def literal(value: Any) -> str:
    """``value`` as Python source, quoted as ruff's formatter quotes."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    raise TypeError(f"no plain default for {value!r}")  # pragma: no cover - a new kind of default


def _default(info: Any) -> str:
    """The default of a field as the plain class writes it (``= 20.0``, ``= field(default_factory=...)``)."""
    if info.default is not PydanticUndefined:
        return literal(info.default)
    value = info.default_factory()
    if isinstance(value, BaseModel):
        if value != type(value)():  # pragma: no cover - a section made with other than its defaults
            raise ValueError(f"{type(value).__name__}: a section's default must be its own defaults")
        factory = plain_name(type(value))
    elif value in ([], {}):
        factory = type(value).__name__
    else:
        factory = f"lambda: {literal(value)}"
    return f"field(default_factory={factory})"


def _class(model: type[BaseModel]) -> list[str]:
    """The plain class of ``model``: its fields and private attributes, with their defaults."""
    behaviour = [b.__name__ for b in model.__bases__ if not issubclass(b, BaseModel)]  # of base.py
    bases = f"({', '.join(behaviour)})" if behaviour else ""
    lines = [
        "",
        "",
        "@record",
        f"class {plain_name(model)}{bases}:",
        f'    """The defaults of ``{model.__name__}``."""',
        "",
    ]
    hints = get_type_hints(model)  # the fields' and the private attributes' types, without Annotated
    fields = [(n, _default(i)) for n, i in model.model_fields.items()]
    private = [(n, literal(a.default)) for n, a in model.__private_attributes__.items()]
    lines += [f"    {name}: {_type(hints[name])} = {default}" for name, default in [*fields, *private]]
    return lines


def _generated() -> str:
    """The generated end of ``config/base.py``."""
    return "\n".join([_INTRO, *(line for model in _models(Config) for line in _class(model))]) + "\n"


def render(current: str) -> str:
    """``current`` (the text of config/base.py) with its generated end made anew."""
    start = current.find(f"\n{MARKER}")
    if start < 0:
        raise ValueError(f"{TARGET} has no line starting {MARKER!r}, where the generated classes begin")
    return current[: start + 1] + _generated()


def main(argv: list[str]) -> int:
    current = TARGET.read_text(encoding="utf-8")
    text = render(current)
    if argv == ["--check"]:
        if current != text:
            print(f"{TARGET} is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
