"""What GitHub's and arXiv's APIs say of the repositories and papers a list links to: the facts
(``metadata``: :class:`~awesomelint.net.apis.metadata.Repository` and ``Paper``, cached as they are, every
server text made printable there), the requests (``github_api``, ``arxiv_api``, both through the link
client's guarded session, ``api_http``) and the answers of a run (``answers``: each key asked once,
cached with its own lifetime)."""
