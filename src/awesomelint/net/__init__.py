"""The one HTTP client of awesomelint's online checks.

``guard``: resolves host names itself and refuses loopback, private, link-local and multicast addresses
unless allowed. ``http``: the client, one module per job: ``transport`` (one requests session on urllib3
whose connections go only to the addresses the guard checked; the watchdog of the per-URL deadlines),
``errors`` (an exception on the way becomes an outcome), ``fetch`` (HEAD then streamed GET, manual
redirects) and ``scheduler`` (a global and a per-host cap, retries with backoff). ``apis``: what GitHub's
and arXiv's APIs say (the facts, the requests, a run's answers). ``cache``: outcomes persisted in SQLite
with a TTL. ``classify``: an outcome becomes gone / moved / unverified. ``service``: what the rules talk
to. ``pace``: rate-limit hints and the pacing of a host that limits everyone. ``safety``: URLs that
parsers read differently (never fetched) and the one rule of which connection may carry the GitHub token.

Nothing here is imported on the offline path: every module imports requests and urllib3 lazily or is
only imported from inside an online rule's ``check``.
"""
