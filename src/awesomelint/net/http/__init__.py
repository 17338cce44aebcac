"""The HTTP client of the link checks, one module per job: ``transport`` (the guarded session and its
connection pools, the watchdog that holds an attempt to its deadline), ``errors`` (what an exception
raised on the way to an answer means), ``fetch`` (one URL: HEAD then GET, redirects by hand, a badge's
text) and ``scheduler`` (many URLs: the caps, the retries, the pace of a host that limits everyone).

Each imports requests and urllib3 at import time: they are imported only on the online path.
"""
