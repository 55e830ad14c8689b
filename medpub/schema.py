"""The JSON Schema of the article format, for editors' autocompletion and validation."""

from __future__ import annotations

from typing import Any

from .article import Article


def article_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an article's keys, as written in front matter."""
    schema = Article.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "medpub article"
    schema["description"] = ("Front matter of a medpub article (Markdown + YAML), or the whole "
                             "article as YAML/JSON with the Markdown in 'body'.")
    return schema
