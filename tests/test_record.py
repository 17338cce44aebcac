"""awesomelint._record: the record classes the start-up path uses instead of dataclasses."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from awesomelint._record import asdict, field, record, replace


@record(slots=True, kw_only=True)
class Base:
    x: int
    tags: list[str] = field(default_factory=list)
    name: str = "a"


@record(slots=True, kw_only=True)
class Child(Base):
    extra: int = 3


@record(frozen=True, order=True)
class Date:
    year: int
    month: int = 0
    note: str = field(default="", compare=False, repr=False)


@record(eq=False)
class Bag:
    items: list[int] = field(default_factory=list)


class Greeter:
    def hello(self) -> str:
        return "hello"


@record
class Loud(Greeter):
    volume: int = 1
    done: bool = False

    def __post_init__(self) -> None:
        self.done = True

    def hello(self) -> str:
        return super().hello().upper()


def test_init_defaults_and_factories() -> None:
    a, b = Base(x=1), Base(x=1)
    assert (a.x, a.tags, a.name) == (1, [], "a")
    assert a.tags is not b.tags  # one list per instance
    with pytest.raises(TypeError):
        Base(1)  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError):
        Base()  # type: ignore[call-arg]  # x is required
    assert Date(2024).month == 0 and Date(2024, 5).month == 5  # positional


def test_slots_and_inheritance() -> None:
    c = Child(x=2, extra=5)
    assert repr(c) == "Child(x=2, tags=[], name='a', extra=5)"
    assert Child.__slots__ == ("extra",)
    with pytest.raises(AttributeError):
        c.other = 1  # type: ignore[attr-defined]


def test_equality_hash_order_and_frozen() -> None:
    assert Base(x=1) == Base(x=1) and Base(x=1) != Base(x=2)
    assert Base.__hash__ is None  # mutable and compared by value: unhashable, as a dataclass
    assert Date(2024, 5, "a") == Date(2024, 5, "b")  # note is not compared
    assert hash(Date(2024, 5)) == hash(Date(2024, 5)) and len({Date(2024, 5), Date(2024, 5)}) == 1
    assert Date(2024, 5) < Date(2024, 6) <= Date(2025) and Date(2025) > Date(2024, 12)
    assert repr(Date(2024, 5, "x")) == "Date(year=2024, month=5)"
    with pytest.raises(AttributeError):
        Date(2024).year = 2025  # type: ignore[misc]
    bag = Bag()
    assert bag != Bag() and bag == bag and Bag.__hash__ is object.__hash__  # identity, as eq=False


def test_post_init_super_replace_asdict() -> None:
    loud = Loud()
    assert loud.done and loud.hello() == "HELLO"
    c = replace(Child(x=1), name="b")
    assert (c.x, c.name, type(c)) == (1, "b", Child)
    with pytest.raises(TypeError):
        replace(c, nope=1)
    assert asdict(Child(x=1, tags=["t"])) == {"x": 1, "tags": ["t"], "name": "a", "extra": 3}


def test_as_fields_like_a_dataclass() -> None:
    """Every record of the package behaves as the dataclass it replaced: the same fields in order, the
    same defaults (one class of each kind is enough to catch a difference in how fields are read)."""

    @dataclasses.dataclass(kw_only=True)
    class Same:
        x: int
        tags: list[str] = dataclasses.field(default_factory=list)
        name: str = "a"

    assert asdict(Base(x=1)) == dataclasses.asdict(Same(x=1))


def test_an_offline_run_imports_no_dataclasses() -> None:
    """The point of records: no class of a zero-config offline lint is a dataclass, and unless the
    Markdown parser brings it, dataclasses (and inspect) are not even imported."""
    code = (
        "import sys, io, contextlib\n"
        "from awesomelint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--offline', 'examples/awesome-llm-serving.md'])\n"
        "ours = [m for n, m in list(sys.modules.items()) if n.startswith('awesomelint')]\n"
        "print([f'{m.__name__}.{k}' for m in ours for k, v in vars(m).items()\n"
        "       if isinstance(v, type) and '__dataclass_fields__' in vars(v)])\n"
        "print('markdown_it' in sys.modules or not {'dataclasses', 'inspect'} & set(sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.stdout.strip().splitlines()[-2:] == ["[]", "True"], res.stdout + res.stderr
