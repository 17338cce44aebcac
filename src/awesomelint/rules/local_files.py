"""Relative links and images: the file or folder they name must exist beside the linted file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from awesomelint._regex import lazy_compile
from awesomelint.document.anchors import document_anchors, resembles
from awesomelint.document.link_syntax import bare_email, schemeless_web_address
from awesomelint.document.model import Document, Link
from awesomelint.document.parse import SourceError, decode_source, parse_document
from awesomelint.findings import Finding
from awesomelint.rules._repository import work_tree
from awesomelint.rules.base import Context, Rule, expected_found

_SCHEME = lazy_compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
#: fragments that work without an anchor (the page top, GitHub's line references), as broken-anchor
_ALWAYS_VALID = lazy_compile(r"top|L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?", re.IGNORECASE)
#: folders with more entries than this get no "did you mean" (a close-name search costs a pass over them)
_SUGGEST_AMONG = 2000
#: a linked Markdown file larger than this is not read for its headings
_MAX_READ = 8 * 1024 * 1024


def local_target(link: Link) -> tuple[str, str] | None:
    """(path, fragment) of a link or image that names a file of the repository, percent-decoded, the
    query dropped; None for URLs, in-page anchors, e-mail and the web addresses malformed-link reports."""
    if link.kind not in ("link", "image", "html"):
        return None
    url = link.url.strip()
    if not url or url.startswith(("#", "//", "?")) or _SCHEME.match(url):
        return None
    if schemeless_web_address(url) or bare_email(url) or "{{" in url or url.startswith("["):
        return None
    path, _, fragment = url.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return None
    return unquote(path), unquote(fragment)


def local_links(doc: Document) -> bool:
    """Whether a document has links or images that name files of its repository (outside code)."""
    skip = doc.code_lines()
    return any(local_target(link) is not None and link.line not in skip for link in doc.iter_links())


class _Tree:
    """Existence checks that respect case, as GitHub does (a repository is case-sensitive even when the
    disk it is checked out on is not), with each folder listed once and each Markdown file's anchors read
    once."""

    def __init__(self) -> None:
        self._listing: dict[Path, frozenset[str] | None] = {}
        self._anchors: dict[Path, set[str] | None] = {}

    def _names(self, folder: Path) -> frozenset[str] | None:
        if folder not in self._listing:
            try:
                self._listing[folder] = frozenset(os.listdir(folder))  # noqa: PTH208 - names only, not paths
            except OSError:
                self._listing[folder] = None
        return self._listing[folder]

    def resolve(self, base: Path, relative: str) -> tuple[Path | None, str | None]:
        """(the path, None) when it exists with this exact case; else (None, the path as it probably
        should be written: another case, or a close name in the folder where the path breaks off)."""
        here = base
        parts = relative.split("/")
        for i, part in enumerate(parts):
            if part in ("", "."):
                continue
            if part == "..":
                here = here.parent
                continue
            names = self._names(here)
            if names is None or part not in names:
                return None, _suggest(parts, i, names)
            here = here / part
        return here, None

    def anchors(self, path: Path) -> set[str] | None:
        """The anchors (lower-cased) of a Markdown file, or None when it cannot be read."""
        if path not in self._anchors:
            try:
                if path.stat().st_size > _MAX_READ:
                    self._anchors[path] = None
                else:
                    doc = parse_document(decode_source(path.read_bytes()).text, str(path))
                    self._anchors[path] = {a.slug.lower() for a in document_anchors(doc)}
            except (OSError, SourceError):
                self._anchors[path] = None
        return self._anchors[path]


def _suggest(parts: list[str], i: int, names: frozenset[str] | None) -> str | None:
    """The path with its part ``i`` replaced by the name of the folder that differs only in case or
    is closest to it; None when no name is close."""
    if not names:
        return None
    part = parts[i]
    same_case = [n for n in names if n.lower() == part.lower()]
    if same_case:
        choice = same_case[0]
    elif len(names) <= _SUGGEST_AMONG:
        import difflib  # lazy: a suggestion only for a finding; difflib costs start-up

        close = difflib.get_close_matches(part, sorted(names), n=1, cutoff=0.8)
        if not close:
            return None
        choice = close[0]
    else:
        return None
    return "/".join([*parts[:i], choice, *parts[i + 1 :]])


class MissingFile(Rule):
    name = "missing-file"
    code = "AL406"
    severity = "error"
    summary = "A relative link or image names a file or folder that does not exist beside the linted file."
    what = (
        "Checks every link and image whose target is a path of the repository (`papers/x.pdf`, "
        '`./docs/guide.md#install`, `<docs/a file.md>`, `../LICENSE`, `<img src="fig.png">`): the path, '
        "percent-decoded and without its query and fragment, must name a file or folder relative to the "
        "linted file, with the same case (GitHub's repositories are case-sensitive). A target that starts "
        "with `/` is resolved from the root of the git work tree. For a Markdown file with a `#fragment`, "
        "the fragment must match one of that file's headings or HTML ids, by the rules of `broken-anchor`. "
        "A file outside a git work tree (a README downloaded or copied on its own) is not checked: the "
        "repository's files are unknown there, and the run says so once on stderr. Input from stdin is "
        "checked only with `--stdin-filename`, which says where the file lives."
    )
    why = (
        "GitHub shows a 404 page for a file that was renamed, moved or never committed, and a broken "
        "image for a missing figure."
    )
    example = "[Quantization](quantisation.md) ![](figures/arch.png)"
    fixed = "[Quantization](quantization.md) ![](figures/architecture.png)"
    reads_repository = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.doc.path.startswith("<"):
            return  # stdin or text without a name: nothing to resolve the paths against
        base = Path(ctx.doc.path).parent
        root = work_tree(base.resolve())
        if root is None:
            return  # a file outside any repository: its repository's files are unknown (the CLI says so)
        tree = _Tree()
        skip = ctx.doc.code_lines()
        for link in ctx.all_links:
            target = local_target(link)
            if target is None or link.line in skip:
                continue
            path, fragment = target
            start = base
            if path.startswith("/"):
                start = root
            found, suggestion = tree.resolve(start, path.replace("\\", "/"))
            end = link.url_column + len(link.url)
            if found is None:
                what = "image" if link.is_image else "link"
                where = "in the repository" if path.startswith("/") else "beside this file"
                message = f"{what} to a file that does not exist: no {path!r} {where}"
                if suggestion is not None:
                    message += " (" + expected_found(repr(suggestion), repr(path)) + ")"
                yield ctx.report(link.line, link.url_column, message, end_line=link.line, end_column=end)
                continue
            if (
                not fragment
                or not found.name.lower().endswith(_MARKDOWN)
                or _ALWAYS_VALID.fullmatch(fragment)
            ):
                continue
            anchors = tree.anchors(found)
            key = fragment.lower().removeprefix("user-content-")
            if anchors is not None and key not in anchors:
                import difflib  # lazy: a suggestion only for a finding; difflib costs start-up

                close = [
                    c
                    for c in difflib.get_close_matches(key, sorted(anchors), n=3, cutoff=0.6)
                    if resembles(key, c)
                ]
                wanted = f"#{close[0]}" if close else "a heading or HTML id of that file"
                yield ctx.report(
                    link.line,
                    link.url_column,
                    f"link to a section of {path!r} matches no anchor there: "
                    + expected_found(wanted, f"#{fragment}"),
                    end_line=link.line,
                    end_column=end,
                )


RULES: list[type[Rule]] = [MissingFile]
