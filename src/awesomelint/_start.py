"""The console script's first code (``awesomelint`` and ``python -m awesomelint``).

The collector goes off before the CLI and the rules are imported: importing them makes enough objects for
a dozen collections (two of the middle generation), 2% of a pre-commit run's instructions, and a check
keeps the collector off to the end anyway (``cli._collector_off``). A command that runs for long
(``awesomelint server``) turns it back on.
"""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from awesomelint.cli import run_process  # lazy: the CLI's imports run with the collector off

    run_process()
