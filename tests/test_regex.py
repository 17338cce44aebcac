"""``_regex.lazy_compile``: a pattern compiled at its first use is the pattern ``re.compile`` makes, and a
module's patterns cost nothing until one is used."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

from awesomelint._regex import lazy_compile


def test_a_lazy_pattern_is_the_compiled_pattern() -> None:
    text = "a 2024.01 row, a 2023.12 row\nand NOTES"
    for pattern, flags in ((r"(\d{4})\.(?P<month>\d\d)", 0), (r"^notes$", re.I | re.M), (r"\s+", 0)):
        lazy, real = lazy_compile(pattern, flags), re.compile(pattern, flags)
        assert repr(lazy).startswith("lazy re.compile(")  # not compiled yet
        assert repr(lazy.search(text)) == repr(real.search(text))
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.findall(text) == real.findall(text)
        assert lazy.sub("-", text) == real.sub("-", text) and lazy.split(text) == real.split(text)
        assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
            real.pattern,
            real.flags,
            real.groups,
            real.groupindex,
        )
        again = pickle.loads(pickle.dumps(lazy))
        assert again.findall(text) == real.findall(text)


def test_a_pattern_compiles_at_its_first_use_not_at_import() -> None:
    code = (
        "import re\n"
        "compiled = []\n"
        "real = re.compile\n"
        "re.compile = lambda *a: compiled.append(a[0]) or real(*a)\n"
        "from awesomelint.document import dates\n"
        "before = len(compiled)\n"
        "dates._HTML.search('<b>2024.01</b>')\n"
        "print(before, len(compiled) > before)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["0", "True"], res.stdout + res.stderr
