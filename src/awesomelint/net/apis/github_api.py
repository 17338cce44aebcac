"""GitHub repositories looked up with the GraphQL API: up to 100 repositories a query, one query at a time.

``POST {github-api}/graphql`` with ``{"query": ..., "variables": ...}``; each repository is an alias
(``r0: repository(owner: $o0, name: $n0) { nameWithOwner ... }``), so owner and name travel as variables and
never as query text. A repository that does not exist comes back as ``null`` with an error of type
``NOT_FOUND`` whose ``path`` names the alias. The API's limits are respected: the primary limit
(``x-ratelimit-remaining`` / ``x-ratelimit-reset``; once used up, GitHub answers HTTP 200 with an error
of type ``RATE_LIMITED``, or ``RATE_LIMIT`` with code ``graphql_rate_limit``, whatever the headers say),
the secondary limit (403 or 429, with or without ``retry-after``; without it GitHub asks for at least a
minute). A query the API finds too big or too slow is split in halves: ``MAX_NODE_LIMIT_EXCEEDED``, a 502,
or the untyped error "Something went wrong while executing your query. This may be the result of a
timeout" on HTTP 200 (what that answer settled is kept; one repository that still times out is left to
its page check). A wait longer than ``max_wait`` is not waited: the repositories not yet looked up are
left to the page checks, with a notice that says why.

The token is sent only here, only to the configured API origin (exact scheme, host and port), and a
redirect is never followed."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from awesomelint.net.apis.api_http import ApiResponse, api_request
from awesomelint.net.apis.metadata import Repository, is_repo_key, printable
from awesomelint.net.pace import parse_retry_after, read_hint

if TYPE_CHECKING:
    from awesomelint.net.http.fetch import HttpClient

#: repositories per query: GitHub's documented limit of nodes is far away, 100 keeps a query fast
BATCH = 100
FIELDS = (
    "nameWithOwner url isArchived archivedAt isDisabled isFork isPrivate isMirror stargazerCount pushedAt "
    "description repositoryTopics(first: 20) { nodes { topic { name } } }"
)
#: GitHub asks for at least this long after a secondary rate limit that gives no retry-after
SECONDARY_WAIT = 60.0
_TOO_BIG = {"MAX_NODE_LIMIT_EXCEEDED", "RESOURCE_LIMITS_EXCEEDED"}
#: the primary rate limit as GraphQL errors type it: the documented enum, and the code GitHub also sends
_RATE_LIMITED = {"RATE_LIMITED", "RATE_LIMIT"}
#: the start of GitHub's untyped error for a query that took too long (it goes on "This may be the result
#: of a timeout, or it could be a GitHub bug. Please include `ID` when reporting this issue.")
_TIMED_OUT = "Something went wrong while executing your query"
#: answers that timed out before the API is not asked again in a run: a slow repository costs about one
#: per halving of its batch (seven from 100) and two alone
MAX_TIMEOUTS = 16


def graphql_url(base: str) -> str:
    """``https://api.github.com`` → ``https://api.github.com/graphql``; Enterprise ``https://HOST/api`` →
    ``https://HOST/api/graphql``."""
    return base.rstrip("/") + "/graphql"


def build_query(keys: list[str]) -> dict[str, Any]:
    """The GraphQL request body for these ``owner/name`` keys (aliases r0, r1, ... in their order)."""
    params = []
    fields = []
    variables: dict[str, str] = {}
    for i, key in enumerate(keys):
        owner, _, name = key.partition("/")
        params.append(f"$o{i}: String!, $n{i}: String!")
        fields.append(f"r{i}: repository(owner: $o{i}, name: $n{i}) {{ {FIELDS} }}")
        variables[f"o{i}"] = owner
        variables[f"n{i}"] = name
    query = f"query({', '.join(params)}) {{ {' '.join(fields)} }}"
    return {"query": query, "variables": variables}


def parse_answer(keys: list[str], payload: object) -> tuple[dict[str, Repository], list[dict[str, Any]]]:
    """(the repositories the answer settles, the errors that are not about one repository)."""
    found: dict[str, Repository] = {}
    if not isinstance(payload, dict):
        return found, [{"message": "not a GraphQL answer"}]
    data = payload.get("data")
    errors = [e for e in payload.get("errors") or [] if isinstance(e, dict)]
    missing: set[str] = set()
    general: list[dict[str, Any]] = []
    for err in errors:
        path = err.get("path")
        alias = path[0] if isinstance(path, list) and path and isinstance(path[0], str) else None
        if alias is None:
            general.append(err)
        elif err.get("type") == "NOT_FOUND":
            missing.add(alias)
    if not isinstance(data, dict):
        return found, general or [{"message": "the answer has no data"}]
    for i, key in enumerate(keys):
        alias = f"r{i}"
        node = data.get(alias, ...)
        if isinstance(node, dict):
            repo = Repository.from_graphql(key, node)
            if repo is not None:
                found[key] = repo
        elif node is None and alias in missing:
            found[key] = Repository(key=key, found=False)
        # anything else (FORBIDDEN by an organisation's SAML, absent): not settled, checked page by page
    return found, general


class GithubApi:
    def __init__(
        self,
        client: HttpClient,
        base: str,
        token: str,
        *,
        timeout: float = 20.0,
        max_wait: float = 60.0,
        batch: int = BATCH,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.url = graphql_url(base)
        self.token = token
        self.timeout = timeout
        self.max_wait = max_wait
        self.batch = max(1, batch)
        self._sleep = sleep
        self._clock = clock
        self.requests = 0
        self.notices: list[str] = []
        #: why the API is not asked again in this run (rate limit too far away, token refused)
        self.stopped: str | None = None
        self._hold: ApiResponse | None = None  # the last answer used up the limit: wait before the next
        self.timeouts = 0  # answers that timed out ("Something went wrong while executing your query")
        self.slow: list[str] = []  # repositories that timed out alone, twice: left to their page checks

    def lookup(self, keys: list[str]) -> dict[str, Repository]:
        """What the API says of these ``owner/name`` keys (lower-cased); keys it did not settle are absent."""
        todo = [k for k in dict.fromkeys(keys) if is_repo_key(k)]
        results: dict[str, Repository] = {}
        queue = [todo[i : i + self.batch] for i in range(0, len(todo), self.batch)]
        while queue and self.stopped is None:
            chunk = queue.pop(0)
            if self._hold is not None:
                self._wait_out(self._hold)
                self._hold = None
                if self.stopped is not None:
                    break
            settled, split = self._query(chunk)
            results.update(settled)
            rest = [k for k in chunk if k not in settled] if split else []
            if len(rest) > 1:
                half = len(rest) // 2
                queue[:0] = [rest[:half], rest[half:]]
        if self.slow:
            self.notices.append(_slow_notice(self.slow))
            self.slow.clear()
        if self.stopped is not None and len(results) < len(todo):
            left = len(todo) - len(results)
            were = f"{left} repositor{'y was' if left == 1 else 'ies were'}"
            self.notices.append(f"GitHub API: {self.stopped}; {were} checked page by page")
        return results

    def _query(self, chunk: list[str]) -> tuple[dict[str, Repository], bool]:
        """One chunk, retried after a rate limit or a server error; (what it settled, split the rest)."""
        body = json.dumps(build_query(chunk)).encode()
        for attempt in range(3):
            resp = self._post(body)
            status = resp.status
            if status == 200:
                try:
                    payload = json.loads(resp.body)
                except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
                    self.stopped = "the answer was not JSON"
                    return {}, False
                settled, general = parse_answer(chunk, payload)
                kinds = {str(e.get("type", "")) for e in general}
                if kinds & _TOO_BIG:
                    return settled, True
                if kinds & _RATE_LIMITED:
                    if self._wait_for_limit(resp, attempt, " or ".join(sorted(kinds & _RATE_LIMITED))):
                        continue
                    return settled, False
                if any(_TIMED_OUT in str(e.get("message", "")) for e in general):
                    split = self._timed_out([k for k in chunk if k not in settled], attempt)
                    if split is None:
                        continue
                    return settled, split
                if general and not settled:
                    self.stopped = "the query failed: " + printable(str(general[0].get("message", "")), 200)
                    return {}, False
                if resp.header("x-ratelimit-remaining") == "0":
                    self._hold = resp
                return settled, False
            if status == 401:
                self.stopped = "the token was refused (401 Bad credentials)"
                return {}, False
            if status in (403, 429):
                if self._wait_for_limit(resp, attempt, str(status)):
                    continue
                return {}, False
            if status is not None and status not in (500, 502, 503, 504):
                self.stopped = f"the API answered {status}"
                return {}, False
            if resp.fatal:
                self.stopped = f"no answer ({printable(resp.error, 200)})"
                return {}, False
            if len(chunk) > 1 and status == 502:
                return {}, True  # GitHub's answer to a query that takes too long: ask for less at once
            if attempt < 2:
                self._sleep(1.0 * (attempt + 1))
                continue
            self.stopped = f"no answer ({printable(resp.error, 200) or status})"
        return {}, False

    def _timed_out(self, rest: list[str], attempt: int) -> bool | None:
        """After an answer that timed out: True to ask the unsettled ``rest`` again in halves, None to ask a
        lone one once more, False to leave it to its page check (or to stop, after :data:`MAX_TIMEOUTS`)."""
        self.timeouts += 1
        if self.timeouts >= MAX_TIMEOUTS:
            self.stopped = f"{self.timeouts} queries timed out"
            return False
        if len(rest) > 1:
            return True
        if rest and attempt == 0:
            self._sleep(1.0)
            return None
        self.slow.extend(rest)
        return False

    def _post(self, body: bytes) -> ApiResponse:
        self.requests += 1
        headers = {
            "Authorization": f"bearer {self.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        return api_request(self.client, "POST", self.url, headers=headers, body=body, timeout=self.timeout)

    def _wait_for_limit(self, resp: ApiResponse, attempt: int, kind: str) -> bool:
        """Wait out a rate limit when that is short enough (True: ask again), else stop asking. ``kind``:
        the HTTP status, or the GraphQL error type of a primary limit."""
        wait = limit_wait(resp, self._clock(), primary=not kind.isdigit())
        if attempt < 2 and wait <= self.max_wait:
            self._sleep(wait)
            return True
        self.stopped = f"rate limited ({kind}; asked to wait {wait:.0f} s)"
        return False

    def _wait_out(self, resp: ApiResponse) -> None:
        """Before the next query after an answer that used the last of the limit: wait for the reset, or
        stop when it is too far away."""
        wait = limit_wait(resp, self._clock())
        if wait <= self.max_wait:
            self._sleep(wait)
        else:
            self.stopped = f"the rate limit is used up (it resets in {wait:.0f} s)"


def limit_wait(resp: ApiResponse, now: float, primary: bool = False) -> float:
    """Seconds the API asks to wait: retry-after (seconds or an HTTP date), else, for the primary limit
    (``primary``: an error typed so; or nothing remains), until x-ratelimit-reset and a second more, else a
    minute (a secondary limit without retry-after). The hints are read as :mod:`..pace` reads them for
    every host."""
    after = parse_retry_after(resp.header("retry-after"), now)
    if after is not None:
        return after
    if primary or resp.header("x-ratelimit-remaining") == "0":
        until = read_hint(resp.headers, now).wait
        if until is not None:
            return until + 1.0
    return SECONDARY_WAIT


def _slow_notice(slow: list[str]) -> str:
    more = ", ..." if len(slow) > 5 else ""
    count = f"{len(slow)} repositor{'y' if len(slow) == 1 else 'ies'}"
    return f"GitHub API: {count} timed out twice alone ({', '.join(slow[:5])}{more}): checked page by page"
