"""Outcomes of link checks kept between runs, in one small SQLite file outside the working tree.

The raw facts are stored (status, error, redirects, badge text), not the verdict, so a change of
``[links] accept`` or severities applies without a stale cache. A definite answer (a status, a host that
does not exist) lives for the TTL (default 24 h); an answer that could not verify anything (429, 5xx, a
timeout, a reset) lives for at most an hour, so a flaky host is not hammered on every pre-commit run but
is asked again soon. Refusals by the address guard and invalid URLs depend on settings: never stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import time
import typing
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from awesomelint._record import MISSING, asdict
from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome

CACHE_FILE = "links.sqlite3"
SCHEMA_VERSION = 1
UNVERIFIED_TTL_CAP = 3600.0


def ttl_for(outcome: Outcome, ttl: float) -> float | None:
    """How long an outcome may be reused; None: never stored."""
    if outcome.error in (C.GUARD, C.INVALID_URL, C.OTHER):
        return None
    status = outcome.status
    if status is not None and status != 429 and not 500 <= status < 600:
        return ttl
    if status is None and outcome.error in (
        C.DNS_NOT_FOUND,
        C.REDIRECT_LOOP,
        C.TOO_MANY_REDIRECTS,
        C.BAD_REDIRECT,
    ):
        return ttl
    return min(ttl, UNVERIFIED_TTL_CAP)


class CacheError(Exception):
    pass


@cache
def _rows() -> TypeAdapter[Any]:
    """The one model of a row's data: it writes every row and validates every row read (strictly: a row
    another version or a hand wrote that does not fit is absent, never a crash). ``Outcome`` is a plain
    record (the offline path loads no dataclasses); its pydantic mirror is made from its fields here."""
    hints = typing.get_type_hints(Outcome)
    fields: list[Any] = []
    for f in Outcome.__record_fields__:  # type: ignore[attr-defined]
        if f.factory is not None:
            fields.append((f.name, hints[f.name], dataclasses.field(default_factory=f.factory)))
        elif f.default is MISSING:
            fields.append((f.name, hints[f.name]))  # required
        else:
            fields.append((f.name, hints[f.name], f.default))
    return TypeAdapter(dataclasses.make_dataclass("Outcome", fields))


def encode(outcome: Outcome) -> str:
    return _rows().dump_json(_rows().validate_python(asdict(outcome)), exclude={"from_cache"}).decode("utf-8")


def decode(data: object) -> Outcome | None:
    """The outcome a row holds, or None when it does not validate."""
    if not isinstance(data, str | bytes):
        return None
    try:
        row = _rows().validate_json(data, strict=True)
    except ValidationError:
        return None
    return Outcome(**{f.name: getattr(row, f.name) for f in dataclasses.fields(row)})


class OutcomeCache:
    def __init__(self, folder: Path, ttl: float) -> None:
        self.ttl = ttl
        self.path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # every answer is written as it comes: durable against a crash of the process (WAL), without
            # a disk flush for each one
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS outcomes (url TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                "stored REAL NOT NULL, expires REAL NOT NULL, data TEXT NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS api_answers (key TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                "stored REAL NOT NULL, expires REAL NOT NULL, data TEXT NOT NULL)"
            )
            for table in ("outcomes", "api_answers"):
                self._db.execute(f"DELETE FROM {table} WHERE expires <= ?", (time.time(),))
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(f"cannot use the link cache {self.path}: {exc}") from None

    def _fresh_rows(
        self, table: str, column: str, keys: list[str], ttl: float, now: float
    ) -> list[tuple[str, str]]:
        """(key, stored JSON) of the rows of ``table`` for these keys stored less than ``ttl`` ago."""
        out: list[tuple[str, str]] = []
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT {column}, stored, data FROM {table} WHERE version = ? AND expires > ? AND {column} IN ({marks})",
                    (SCHEMA_VERSION, now, *chunk),
                ).fetchall()
                # a row stored under a longer TTL than today's is not fresh any more
                out.extend(
                    (key, data)
                    for key, stored, data in rows
                    if isinstance(stored, int | float) and stored + ttl > now
                )
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read the link cache {self.path}: {exc}") from None
        return out

    def get_many(self, urls: list[str], now: float | None = None) -> dict[str, Outcome]:
        now = time.time() if now is None else now
        found: dict[str, Outcome] = {}
        for url, data in self._fresh_rows("outcomes", "url", urls, self.ttl, now):
            out = decode(data)
            if out is None:
                continue
            out.from_cache = True
            found[url] = out
        return found

    def put_many(self, outcomes: dict[str, Outcome], now: float | None = None) -> None:
        now = time.time() if now is None else now
        rows = []
        for url, out in outcomes.items():
            ttl = ttl_for(out, self.ttl)
            if ttl is None or ttl <= 0:
                continue
            rows.append((url, SCHEMA_VERSION, now, now + ttl, encode(out)))
        if not rows:
            return
        try:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?)", rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the link cache {self.path}: {exc}") from None

    def get_answers(self, keys: list[str], ttl: float, now: float | None = None) -> dict[str, dict[str, Any]]:
        """What the APIs answered for these keys (``github:owner/name``, ``arxiv:ID``) within ``ttl``."""
        now = time.time() if now is None else now
        found: dict[str, dict[str, Any]] = {}
        for key, data in self._fresh_rows("api_answers", "key", keys, ttl, now):
            with contextlib.suppress(ValueError, TypeError):
                value = json.loads(data)
                if isinstance(value, dict):
                    found[key] = value
        return found

    def put_answers(self, answers: dict[str, dict[str, Any]], ttl: float, now: float | None = None) -> None:
        if ttl <= 0 or not answers:
            return
        now = time.time() if now is None else now
        rows = [
            (key, SCHEMA_VERSION, now, now + ttl, json.dumps(value, ensure_ascii=False))
            for key, value in answers.items()
        ]
        try:
            self._db.executemany("INSERT OR REPLACE INTO api_answers VALUES (?, ?, ?, ?, ?)", rows)
            self._db.execute("DELETE FROM api_answers WHERE expires <= ?", (now,))
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the link cache {self.path}: {exc}") from None

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
