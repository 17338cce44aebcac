"""The link service of a run, built from a file's ``[links]``, the command-line flags and the environment.
The network code is imported only here, when a run checks links."""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.config import LinksConfig
    from awesomelint.net.service import LinkService, Progress


def open_link_service(
    links: LinksConfig,
    *,
    timeout: float | None = None,
    max_concurrency: int | None = None,
    use_cache: bool | None = None,
    cache_dir: str | None = None,
    allow_private: Sequence[str] = (),
    github_token: str | None = None,
    progress: Progress | None = None,
) -> LinkService:
    """One service for the whole run: each distinct URL is checked once, whatever asks for it. The caller
    closes it. The API addresses the environment names replace the section's (``AWESOMELINT_GITHUB_API``,
    ``AWESOMELINT_ARXIV_API``); a ConfigError names a variable that holds none."""
    # lazy: the offline path never loads the network code
    from awesomelint._record import replace
    from awesomelint.config.trust import api_addresses
    from awesomelint.net.service import LinkService

    settings = links.settings()
    apis = api_addresses()
    return LinkService(
        replace(settings, **apis) if apis else settings,
        timeout=timeout,
        max_concurrency=max_concurrency,
        use_cache=use_cache,
        cache_dir=cache_dir,
        allow_private=allow_private,
        github_token=github_token,
        progress=progress,
    )
