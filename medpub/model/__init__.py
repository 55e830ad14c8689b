"""The model layer: what an article is, as data.

``article`` holds the input types (the front matter and body an author writes),
``document`` the tree every output reads, ``errors`` the exception tree and ``options``
what a build may vary. Nothing here parses, formats or writes: every other layer imports
the model, and the model imports none of them.
"""
