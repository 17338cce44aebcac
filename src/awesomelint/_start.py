"""The console script's process (``awesomelint`` and ``python -m awesomelint``): :func:`awesomelint.cli.main`
on ``sys.argv``, between the two things only a whole process may do.

Before: the collector goes off before the CLI and the rules are imported. Importing them makes enough
objects for a dozen collections (two of the middle generation), each a pass over objects that live to the
end, and the CLI keeps the collector off while a command runs anyway (``cli._collector_off``;
``awesomelint server``, which runs for hours, turns it back on).

After: the process ends at once (``os._exit``). The collector stays off to the end, and nothing is freed
object by object nor torn down: on a large list that is work nobody waits for. What the run wrote is
flushed first, and every file it opened is closed by then.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    gc.disable()
    from awesomelint.cli import EXIT_USAGE, main  # lazy: the CLI's imports run with the collector off

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # a reader that stopped reading (| head) is not an error
        except (OSError, ValueError):
            code = code or EXIT_USAGE
    os._exit(code)
