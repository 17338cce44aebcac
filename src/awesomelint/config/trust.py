"""What a configuration file may change, and what only the command line or the environment may.

In CI the pull request writes the README and the configuration file (both are read from its checkout):
neither may widen what the run does, that is the addresses it reaches, the paths it writes, where the
GitHub token goes and the time it spends. The command line and the environment are the workflow's (the
Action's inputs), not the pull request's, and keep their power. Every key of
:mod:`awesomelint.config.model` is classified in :data:`FILE_KEYS` (a test fails on a key that is not), and
:func:`restrict` applies the classification to a configuration read from a file:

- ``links.allow-private`` is ignored, with one notice: only ``--allow-private-host`` lets a check reach a
  private address. It has no narrowing form (the address guard's default allows none); a file narrows the
  URLs checked with ``links.exclude``.
- ``links.cache-dir`` must lie, symlinks resolved, inside the repository (:func:`work_tree`) or the
  user's cache folder, else :class:`ConfigError` (exit 2); ``--cache-dir`` goes anywhere.
- ``links.github-api`` and ``links.arxiv-api`` must be https and not loopback: a loopback test server
  (``http://127.x.x.x``, an origin the token may go to) is named by the environment only
  (:data:`API_VARIABLES`, read by :func:`api_addresses`).
- URL patterns and globs are matched by RE2 (``_regex.user_pattern``, ``base.compile_globs``): in time
  linear in the text, whoever wrote them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from awesomelint.config.base import ConfigError
from awesomelint.net.settings import api_address_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Mapping

    from awesomelint.config.model import Config

#: the kinds of key: what a file's value can do to the run
HARMLESS = "harmless"  # changes what is reported or how the text is read, nothing the run reaches or spends
NARROWS = "narrows"  # can only make the run do less than its default
BOUNDED = "bounded"  # time or load, within the bounds of the schema
CHECKED = "checked"  # a value that would widen is refused (exit 2)
IGNORED = "command line only"  # ignored in a file, with a notice

#: every key of the file (dotted, as the file spells it): its kind and what a file's value may do
FILE_KEYS: dict[str, tuple[str, str]] = {
    "select": (HARMLESS, "which rules run; the online ones reach only what the address guard allows"),
    "ignore": (HARMLESS, "rules not run"),
    "extend-select": (HARMLESS, "rules run besides select"),
    "severity": (HARMLESS, "what a finding weighs"),
    "exclude": (NARROWS, "files left out; globs matched by RE2, linear in the path"),
    "per-file-ignores": (NARROWS, "rules not run on some files; globs matched by RE2, linear in the path"),
    "dates.column": (HARMLESS, "how the list's dates are read"),
    "dates.format": (HARMLESS, "how the list's dates are read (at most one of each token)"),
    "dates.order": (HARMLESS, "the order dates are checked in"),
    "dates.allow-future": (HARMLESS, "whether a future date is a finding"),
    "duplicates.scope": (HARMLESS, "where a repeated entry is a finding"),
    "tables.header": (HARMLESS, "the header the tables are checked against"),
    "links.timeout": (BOUNDED, "seconds per URL, at most 600"),
    "links.max-concurrency": (BOUNDED, "requests in flight, at most 512"),
    "links.per-host": (BOUNDED, "requests in flight to one host, at most 64"),
    "links.retries": (BOUNDED, "retries of one URL, at most 10"),
    "links.max-redirects": (BOUNDED, "redirects followed, at most 50, each hop through the address guard"),
    "links.max-bytes": (NARROWS, "bytes read of a badge's body: at most 256 KiB whatever it says"),
    "links.exclude": (NARROWS, "URLs never checked; RE2 patterns, linear in the URL"),
    "links.accept": (HARMLESS, "status codes that count as alive; keys are RE2 patterns, linear in the URL"),
    "links.allow-private": (
        IGNORED,
        "ignored with a notice: only --allow-private-host allows a private address",
    ),
    "links.on-save": (HARMLESS, "the language server also checks links on save, through the same guard"),
    "links.cache": (NARROWS, "false writes no cache"),
    "links.cache-ttl": (HARMLESS, "how long an answer is reused (0 asks again, as --no-cache does)"),
    "links.cache-dir": (CHECKED, "inside the repository or the user's cache folder, else exit 2"),
    "links.severity": (HARMLESS, "what each kind of dead link weighs"),
    "links.apis": (NARROWS, "false asks no API"),
    "links.github-api": (CHECKED, "https, not loopback; the token only to api.github.com or $GITHUB_API_URL"),
    "links.arxiv-api": (CHECKED, "https, not loopback"),
    "links.api-cache-ttl": (HARMLESS, "how long an API answer is reused"),
}

#: the environment variables that name an API address (a GitHub Enterprise host, a loopback test server);
#: each replaces the key of any configuration
API_VARIABLES = {"github_api": "AWESOMELINT_GITHUB_API", "arxiv_api": "AWESOMELINT_ARXIV_API"}


def api_addresses(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The API addresses the environment names (``AWESOMELINT_GITHUB_API``, ``AWESOMELINT_ARXIV_API``), by
    field name; a ConfigError names a variable whose value is not an API address."""
    env = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for name, variable in API_VARIABLES.items():
        value = (env.get(variable) or "").strip()
        if value:
            why = api_address_error(value)
            if why is not None:
                raise ConfigError(why, "environment", variable)
            found[name] = value
    return found


#: what the notice of a file's ignored ``allow-private`` says (``--show-settings`` marks the key by it)
IGNORED_ALLOW_PRIVATE = "`links.allow-private` is ignored"


def restrict(config: Config, path: Path) -> Config:
    """``config``, read from the file ``path``, with what a file may not set taken out: ``allow-private``
    dropped (a notice in ``config.notices``), ``cache-dir`` made absolute once checked. A ConfigError
    names the file and the key of a value that would widen the run (a cache folder elsewhere, an API at a
    loopback or plain-http address)."""
    links = config.links
    update: dict[str, object] = {}
    notices: list[str] = []
    if links.allow_private:
        update["allow_private"] = []
        notices.append(
            f"{path}: {IGNORED_ALLOW_PRIVATE}: a configuration file cannot let the link checks "
            "reach a private address (a pull request can edit it); pass --allow-private-host on the "
            "command line (the Action's args) instead"
        )
    if links.cache_dir is not None:
        update["cache_dir"] = str(cache_dir_of_file(links.cache_dir, path))
    for name in API_VARIABLES:
        why = _api_refusal(getattr(links, name))
        if why is not None:
            raise ConfigError(why, str(path), f"links.{name.replace('_', '-')}")
    if update:
        config = config.with_links(links.model_copy(update=update))
    config._notices = tuple(notices)
    return config


def _api_refusal(value: str) -> str | None:
    """Why a file may not name this API address: plain http, or a loopback host (an origin the token may
    go to, and the machine's own services)."""
    variable = "AWESOMELINT_GITHUB_API or AWESOMELINT_ARXIV_API"
    parts = urlsplit(value)
    if parts.scheme != "https":
        return (
            f"{value!r} is not https: a configuration file names an https API only; a loopback test "
            f"server is named by the environment ({variable})"
        )
    host = (parts.hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost") or _loopback(host):
        return (
            f"{value!r} is this machine (loopback): a configuration file cannot point an API at it; the "
            f"environment can ({variable})"
        )
    return None


def _loopback(host: str) -> bool:
    import ipaddress  # lazy: only a file that names an API address

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def work_tree(folder: Path) -> Path:
    """The repository of a configuration file's folder: the nearest folder at or above it that holds a
    ``.git`` (a folder, or the file of a worktree or submodule); without one, the folder itself."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def cache_dir_of_file(value: str, path: Path) -> Path:
    """The cache folder a configuration file names, absolute (a relative one is relative to the file's
    folder), once it is known to lie, symlinks resolved, inside the file's repository (:func:`work_tree`,
    outside its ``.git``) or inside the user's cache folder; a ConfigError otherwise."""
    from awesomelint.net.settings import default_cache_dir  # lazy: only a file that names a cache folder

    folder = path.absolute().parent  # where the file lies, not where a symlink to it points
    try:
        target = Path(value).expanduser()
        resolved = (folder / target).resolve()  # an absolute target replaces the folder
        roots = (work_tree(folder.resolve()), default_cache_dir().parent.resolve())
    except (OSError, RuntimeError) as exc:  # a symlink loop, a home that cannot be found
        raise ConfigError(f"{value!r} cannot be resolved: {exc}", str(path), "links.cache-dir") from None
    for root in roots:
        if resolved.is_relative_to(root) and ".git" not in resolved.relative_to(root).parts:
            return resolved
    raise ConfigError(
        f"{value!r} is {resolved}, outside the repository ({roots[0]}) and the user's cache folder "
        f"({roots[1]}): a configuration file cannot make the run write elsewhere (a pull request can edit "
        "it); pass --cache-dir on the command line instead",
        str(path),
        "links.cache-dir",
    )
