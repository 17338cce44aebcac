"""arXiv papers looked up with the export API: ``{arxiv-api}?id_list=ID1,ID2,...&max_results=N`` (Atom).

As arXiv's terms of use ask, one request at a time and one every ``interval`` seconds (3 by default),
however many files a run lints. Identifiers are asked without their version and in their canonical form,
each once: an old-style identifier loses its subject class (``math.DG/0211159`` is asked as
``math/0211159``: the API returns nothing for the first form), and every link that names the paper in
either form gets the one answer. The answer's ``<id>`` (``http://arxiv.org/abs/2401.04658v2``) gives the
latest version, ``<published>`` the first version's date. An identifier the API does not return (or
returns as an entry without a title) does not exist.

An identifier arXiv cannot read is answered with HTTP 400 and an Atom feed whose one entry names it
(``<id>http://arxiv.org/api/errors#incorrect_id_format_for_X</id>``): that identifier is reported as
malformed and the rest of the request asked again (at most :data:`MAX_ERROR_FEEDS` such answers a run).
A paper is withdrawn when its comment or abstract says so ("This paper has been withdrawn by the author");
a withdrawal whose comment is only the author's reason is told by its PDF (see ``net.classify``).

The Atom is parsed by the standard library's ElementTree, and an answer with a DTD is refused before
parsing (a feed never has one; entity expansion is the classic XML attack)."""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from awesomelint._regex import lazy_compile
from awesomelint.net.apis.api_http import api_request
from awesomelint.net.apis.metadata import Paper, printable

if TYPE_CHECKING:
    from awesomelint.net.http.fetch import HttpClient

#: identifiers per request: 200 keep the URL near 2.5 KB and the answer well under a megabyte
BATCH = 200
INTERVAL = 3.0
#: error feeds (HTTP 400 naming an identifier arXiv cannot read) answered before the rest of a run's
#: papers is left to the page checks: each costs a request at arXiv's pace
MAX_ERROR_FEEDS = 10
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ENTRY_ID = lazy_compile(
    r"^https?://(?:export\.)?arxiv\.org/abs/(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
    r"(?:v(?P<v>\d+))?$"
)
_ERROR_ID = lazy_compile(r"^https?://arxiv\.org/api/errors#incorrect_id_format_for_(?P<id>\S+)$")
_WITHDRAWN = lazy_compile(
    r"\b(?:(?:this|the) (?:paper|article|submission|manuscript|work|version) (?:has been|is|was) withdrawn"
    r"|withdrawn by (?:the )?(?:author|authors|arxiv|administrators?)|^withdrawn\b)",
    re.I,
)
_NEW_ID = lazy_compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_OLD_STYLE = lazy_compile(r"^([a-z][a-z\-]*)\.[A-Z]{2}/(\d{7})$")


def canonical(identifier: str) -> str:
    """The form the API answers with: an old-style identifier without its subject class
    (``math.GT/0309136`` → ``math/0309136``)."""
    m = _OLD_STYLE.match(identifier)
    return f"{m.group(1)}/{m.group(2)}" if m else identifier


def query_url(base: str, ids: list[str]) -> str:
    return f"{base}?{urlencode({'id_list': ','.join(ids), 'max_results': str(len(ids))}, safe=',/')}"


class AtomError(ValueError):
    pass


def parse_feed(
    ids: list[str], body: bytes, today: dt.date | None = None
) -> tuple[dict[str, Paper], list[str]]:
    """(the papers the feed settles, keyed by the identifiers asked for; identifiers it says are malformed:
    the one entry of an error feed, ``.../api/errors#incorrect_id_format_for_X``). AtomError when the body
    is not an arXiv Atom feed."""
    today = today or dt.date.today()
    head = body[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in body.lower():
        raise AtomError("the answer has a DTD")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise AtomError(f"not XML: {exc}") from None
    if root.tag != f"{_ATOM}feed":
        raise AtomError("not an Atom feed")
    wanted = {canonical(i): i for i in ids}
    papers: dict[str, Paper] = {}
    malformed: list[str] = []
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = (entry.findtext(f"{_ATOM}id") or "").strip()
        err = _ERROR_ID.match(entry_id)
        if err:
            malformed.append(err.group("id"))
            continue
        m = _ENTRY_ID.match(entry_id)
        if not m:
            continue
        asked = wanted.get(canonical(m.group("id")))
        if asked is None:
            continue
        papers[asked] = _paper(asked, entry, m.group("v"))
    if malformed:
        return papers, malformed
    if root.find(f"{_OPENSEARCH}totalResults") is None:
        raise AtomError("the feed has no opensearch:totalResults")
    for asked in ids:  # a well-formed feed that does not return an identifier: arXiv has no such paper
        if asked not in papers and not recent(asked, today):
            papers[asked] = Paper(id=asked, found=False)
    return papers, []


def _error_text(body: bytes) -> str:
    """The ``<summary>`` of an error feed's entry (``max_results must be an integer``), printable; '' when
    there is none. Only for a body :func:`parse_feed` has read (no DTD, well-formed)."""
    entry = ET.fromstring(body).find(f"{_ATOM}entry")
    return printable(entry.findtext(f"{_ATOM}summary") or "", 200) if entry is not None else ""


def recent(identifier: str, today: dt.date) -> bool:
    """Whether a new-style identifier was assigned this month or the last: the API learns of a paper only
    the night after it is announced, so its silence about one this new proves nothing (the page is
    checked instead)."""
    m = _NEW_ID.match(identifier)
    if not m:
        return False
    month = 2000 + int(m.group(1)), int(m.group(2))
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return month >= last


def _paper(asked: str, entry: ET.Element, version: str | None) -> Paper:
    title = printable(entry.findtext(f"{_ATOM}title") or "")
    published = (entry.findtext(f"{_ATOM}published") or "").strip()[:10] or None
    if not title and not published:  # the old API's answer for an identifier it does not know
        return Paper(id=asked, found=False)
    comment = printable(entry.findtext(f"{_ARXIV}comment") or "")
    summary = printable(entry.findtext(f"{_ATOM}summary") or "", 300)
    return Paper(
        id=asked,
        found=True,
        title=title,
        published=published if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        updated=(entry.findtext(f"{_ATOM}updated") or "").strip()[:10] or None,
        versions=int(version) if version else None,
        withdrawn=bool(_WITHDRAWN.search(comment) or _WITHDRAWN.search(summary[:200])),
        comment=comment[:300],
    )


class ArxivApi:
    """The export API, one request at a time and one every ``interval`` seconds for the whole run."""

    def __init__(
        self,
        client: HttpClient,
        base: str,
        *,
        interval: float = INTERVAL,
        timeout: float = 30.0,
        batch: int = BATCH,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.base = base
        self.interval = interval
        self.timeout = timeout
        self.batch = max(1, batch)
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0
        self.notices: list[str] = []
        self.stopped: str | None = None
        self.error_feeds = 0  # answers that named an identifier arXiv cannot read

    def lookup(self, ids: list[str]) -> dict[str, Paper]:
        """What the API says of these identifiers; identifiers it did not settle are absent. Each paper is
        asked once, in its canonical form, whatever forms the identifiers name it by."""
        askers: dict[str, list[str]] = {}
        for asked in dict.fromkeys(ids):
            askers.setdefault(canonical(asked), []).append(asked)
        todo = list(askers)
        answers: dict[str, Paper] = {}
        queue = [todo[i : i + self.batch] for i in range(0, len(todo), self.batch)]
        while queue and self.stopped is None:
            chunk = queue.pop(0)
            settled, malformed = self._ask(chunk)
            answers.update(settled)
            if malformed:
                answers.update((m, Paper(id=m, found=False, malformed=True)) for m in malformed)
                rest = [c for c in chunk if c not in answers]
                if rest:
                    queue.insert(0, rest)
        if self.stopped is not None and len(answers) < len(todo):
            left = len(todo) - len(answers)
            self.notices.append(
                f"arXiv API: {self.stopped}; {left} paper{'' if left == 1 else 's'} checked page by page"
            )
        return {a: replace(paper, id=a) for c, paper in answers.items() for a in askers.get(c, ())}

    def _ask(self, chunk: list[str]) -> tuple[dict[str, Paper], list[str]]:
        """(the papers one request settles, the identifiers of the chunk arXiv says it cannot read)."""
        url = query_url(self.base, chunk)
        for attempt in range(3):
            self._wait_turn()
            self.requests += 1
            resp = api_request(
                self.client, "GET", url, headers={"Accept": "application/atom+xml"}, timeout=self.timeout
            )
            self._last = self._clock()
            if resp.status in (200, 400):
                try:
                    settled, malformed = parse_feed(chunk, resp.body)
                except AtomError as exc:
                    self.stopped = (
                        f"the answer is not an arXiv feed ({exc})"
                        if resp.status == 200
                        else f"answered {resp.status}"
                    )
                    return {}, []
                if resp.status == 400 and not malformed:
                    self.stopped = f"answered 400 ({_error_text(resp.body) or 'no error named'})"
                    return {}, []
                return settled, self._malformed(chunk, malformed)
            retry = resp.status in (429, 500, 502, 503, 504) or resp.status is None
            if retry and attempt < 2 and not resp.fatal:
                after = resp.header("retry-after")
                wait = float(after) if after and after.strip().isdigit() else self.interval * (attempt + 1)
                if wait > 60:
                    break
                self._sleep(wait)
                continue
            self.stopped = (
                f"answered {resp.status}" if resp.status else f"no answer ({printable(resp.error, 200)})"
            )
            return {}, []
        self.stopped = "rate limited"
        return {}, []

    def _malformed(self, chunk: list[str], named: list[str]) -> list[str]:
        """The identifiers of the chunk an error feed names (the rest of the chunk is asked again); the API
        stops being asked when a feed names none of them, or after :data:`MAX_ERROR_FEEDS` feeds."""
        if not named:
            return []
        asked = set(chunk)
        bad = [c for c in dict.fromkeys(canonical(n) for n in named) if c in asked]
        self.error_feeds += 1
        if not bad:
            self.stopped = "its error names no identifier that was asked"
        elif self.error_feeds >= MAX_ERROR_FEEDS:
            self.stopped = f"{self.error_feeds} answers named identifiers arXiv cannot read"
        return bad

    def _wait_turn(self) -> None:
        if self._last is not None:
            wait = self._last + self.interval - self._clock()
            if wait > 0:
                self._sleep(wait)
