"""Readers: an article file becomes an :class:`~medpub.model.article.Article`, then a
:class:`~medpub.model.document.Document`.

Every input check happens here, at load time, so ``medpub validate`` passing means every
writer can build: YAML and JSON parsing with line numbers (``load``, ``yamlsafe``), the
Markdown body (``markdown_body``), resources inside the article's folder (``resources``).
"""
