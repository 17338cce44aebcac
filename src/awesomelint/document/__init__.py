"""The list as data: the typed model (:mod:`.model`), GitHub's reading of the Markdown (:mod:`.parse`,
:mod:`.inline`, :mod:`.anchors`), what dates and URLs mean (:mod:`.dates`, :mod:`.urls`) and what a list's
tables mean (:mod:`.analysis`). Nothing here knows of configuration, rules, the network or the commands."""
