"""Plain record classes, declared like dataclasses, made at a fraction of their cost.

Every run of the CLI defines some forty small classes before it reads a byte: as ``dataclasses`` classes
they would be a large share of a pre-commit run's start-up (three to four generated methods per class,
field introspection, a signature for the docstring, and the import of ``inspect``). ``record``
keeps the declaration (annotations, defaults, :func:`field` with ``default_factory``) and what this code
base relies on: a keyword-or-positional ``__init__`` (generic for a class's first instances, then one
generated function for a class instantiated often), ``__repr__``, ``__eq__`` and, when frozen,
``__hash__`` (shared functions reading the class's field names), ``order``, ``frozen``, ``slots``,
``kw_only``, ``__post_init__``, inheritance of fields, :func:`replace` and :func:`asdict`. Type checkers
read it as a dataclass (``typing.dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, overload
    from typing import dataclass_transform as dataclass_transform

    _T = TypeVar("_T")
else:  # typing's own costs its import at run time; at run time it does nothing

    def dataclass_transform(**_: object) -> Any:
        return lambda function: function


MISSING: Any = object()  # a field without a default
_MISSING = MISSING


class _Field:
    __slots__ = ("compare", "default", "factory", "name", "repr")

    def __init__(self, default: Any, factory: Callable[[], Any] | None, repr: bool, compare: bool) -> None:
        self.name = ""
        self.default = default
        self.factory = factory
        self.repr = repr
        self.compare = compare


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default made per instance (``default_factory``), or left out of repr / compare."""
    return _Field(default, default_factory, repr, compare)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_repr__)
    return f"{type(self).__qualname__}({shown})"


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in type(self).__record_compare__)


def _eq(self: Any, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__qualname__}")


def _order(op: str) -> Any:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return getattr(_key(self), op)(_key(other))

    compare.__name__ = op
    return compare


def _fields_of(cls: type) -> list[_Field]:
    """The fields of ``cls``: those of its record bases first, then its own annotations in order."""
    fields: dict[str, _Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            fields[f.name] = f
    # the class's own annotations, read without inspect (whose import this module exists to avoid)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if "ClassVar" in str(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, _Field) else _Field(value, None, True, True)
        f.name = name
        fields[name] = f
    return list(fields.values())


#: instances a record makes with the generic ``__init__`` before it generates its own: a class made a few
#: times per run (a configuration section, the options of a command) never pays for compiling one
_WARM = 16


def _first_init(cls: type, fields: list[_Field], kw_only: bool, frozen: bool) -> Any:
    """A generic ``__init__`` (reads the fields at each call) that, at the class's 17th instance, makes
    the generated one (as fast as a hand-written one), puts it on the class and uses it from then on."""
    names = frozenset(f.name for f in fields)
    post = hasattr(cls, "__post_init__")
    made = [0]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        made[0] += 1
        if made[0] > _WARM:
            init = _init(cls, fields, kw_only, frozen)
            type.__setattr__(cls, "__init__", init)
            init(self, *args, **kwargs)
            return
        values = _arguments(cls, fields, names, kw_only, args, kwargs)
        for f in fields:
            if f.name in values:
                value = values[f.name]
            elif f.factory is not None:
                value = f.factory()
            elif f.default is not _MISSING:
                value = f.default
            else:
                raise TypeError(f"{cls.__qualname__}.__init__() missing 1 required argument: {f.name!r}")
            object.__setattr__(self, f.name, value)
        if post:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _arguments(
    cls: type, fields: list[_Field], names: frozenset[str], kw_only: bool, args: Any, kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The arguments of a call by field name, with the TypeErrors Python gives a wrong call."""
    what = f"{cls.__qualname__}.__init__()"
    if args and kw_only:
        raise TypeError(f"{what} takes 1 positional argument but {len(args) + 1} were given")
    if len(args) > len(fields):
        raise TypeError(f"{what} takes {len(fields) + 1} positional arguments but {len(args) + 1} were given")
    values = {f.name: value for f, value in zip(fields, args, strict=False)}
    for name in kwargs:
        if name not in names:
            raise TypeError(f"{what} got an unexpected keyword argument {name!r}")
        if name in values:
            raise TypeError(f"{what} got multiple values for argument {name!r}")
    values.update(kwargs)
    return values


def _init(cls: type, fields: list[_Field], kw_only: bool, frozen: bool) -> Any:
    """One generated ``__init__``: as fast to call as a hand-written one."""
    env: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params, body = [], []
    for k, f in enumerate(fields):
        if f.factory is not None:
            env[f"_f{k}"] = f.factory
            params.append(f"{f.name}=_MISSING")
            value = f"_f{k}() if {f.name} is _MISSING else {f.name}"
        else:
            if f.default is not _MISSING:
                env[f"_d{k}"] = f.default
            params.append(f"{f.name}=_d{k}" if f.default is not _MISSING else f.name)
            value = f.name
        body.append(f"_set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    if not params:
        signature = "self"
    elif kw_only:
        signature = "self, *, " + ", ".join(params)
    else:
        signature = "self, " + ", ".join(params)
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__({signature}):\n    " + ("\n    ".join(body) or "pass")
    exec(source, env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


if TYPE_CHECKING:  # the two ways to call it, for type checkers

    @overload
    def record(cls: type[_T], /) -> type[_T]: ...
    @overload
    def record(
        *,
        kw_only: bool = False,
        frozen: bool = False,
        order: bool = False,
        eq: bool = True,
        slots: bool = False,
    ) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(field_specifiers=(field,))
def record(
    cls: type[_T] | None = None,
    /,
    *,
    kw_only: bool = False,
    frozen: bool = False,
    order: bool = False,
    eq: bool = True,
    slots: bool = False,
) -> Any:
    """Make ``cls`` a record (see the module's docstring)."""

    def make(cls: Any) -> Any:
        fields = _fields_of(cls)
        names = [f.name for f in fields]
        methods: dict[str, Any] = {
            "__record_fields__": tuple(fields),
            "__record_repr__": tuple(f.name for f in fields if f.repr),
            "__record_compare__": tuple(f.name for f in fields if f.compare),
        }
        if "__repr__" not in cls.__dict__:
            methods["__repr__"] = _repr
        if eq:
            if "__eq__" not in cls.__dict__:
                methods["__eq__"] = _eq
            methods["__hash__"] = _hash if frozen else None
        if order:
            for op in ("__lt__", "__le__", "__gt__", "__ge__"):
                methods[op] = _order(op)
        if frozen:
            methods["__setattr__"] = _frozen_setattr
        if slots:  # a new class: slots cannot be added to a class, and cannot share a name with a default
            namespace = {k: v for k, v in cls.__dict__.items() if k not in names}
            namespace.pop("__dict__", None)
            namespace.pop("__weakref__", None)
            inherited = {n for b in cls.__mro__[1:] for n in getattr(b, "__slots__", ())}
            namespace["__slots__"] = tuple(n for n in names if n not in inherited)
            namespace.update(methods)
            new = type(cls)(cls.__name__, cls.__bases__, namespace)
            new.__qualname__ = cls.__qualname__
        else:  # the class itself (a method's zero-argument super() keeps working)
            new = cls
            for name in names:
                if isinstance(cls.__dict__.get(name), _Field):
                    delattr(cls, name)
            for name, value in methods.items():
                setattr(cls, name, value)
        new.__init__ = _first_init(new, fields, kw_only, frozen)
        return new

    return make if cls is None else make(cls)


def asdict(obj: Any) -> dict[str, Any]:
    """The fields of the record ``obj`` as a dict, records inside it (also in lists and dicts) as dicts."""
    if hasattr(type(obj), "__record_fields__"):
        return {f.name: _plain(getattr(obj, f.name)) for f in type(obj).__record_fields__}
    raise TypeError(f"{type(obj).__qualname__} is not a record")


def _plain(value: Any) -> Any:
    if hasattr(type(value), "__record_fields__"):
        return asdict(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def replace(obj: _T, **changes: Any) -> _T:
    """A copy of the record ``obj`` with ``changes`` applied, like :func:`dataclasses.replace`."""
    values = {f.name: getattr(obj, f.name) for f in type(obj).__record_fields__}  # type: ignore[attr-defined]
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__qualname__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)
