"""The JSON Schema of the article format, for editors' autocompletion and validation.

Generated from the pydantic models, then adjusted to describe what authors may *write*:
the shorthand forms the loader accepts (an author as a plain string, CSL dates as
``2024-03-18`` or ``{date-parts: [[2024, 3, 18]]}``) and Pandoc's key names.
"""

from __future__ import annotations

import copy
from typing import Any

from medpub.model.article import Article
from medpub.readers.load import ALIASES, PANDOC_ONLY

CSL_DATE: dict[str, Any] = {
    "description": "A CSL date: 2024, 2024-03, 2024-03-18 or {date-parts: [[2024, 3, 18]]}.",
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{1,2}){0,2}$"},
        {"type": "integer"},
        {"type": "object", "required": ["date-parts"],
         "properties": {"date-parts": {"type": "array", "minItems": 1,
                                        "items": {"type": "array", "minItems": 1, "maxItems": 3,
                                                  "items": {"type": ["integer", "string"]}}}}},
    ],
}
SHORTHAND_STRING = ("Author", "Publisher", "Name")


def article_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an article's keys, as written in front matter."""
    import msgspec

    generated = msgspec.json.schema(Article)
    defs = generated["$defs"]
    schema = {**defs.pop("Article"), "$defs": defs}
    defs["PartialDate"] = CSL_DATE
    for name in SHORTHAND_STRING:
        defs[name] = {"anyOf": [{"type": "string", "minLength": 1}, defs[name]],
                      "description": defs[name].get("description", "")}
    reference = defs["Reference"]["properties"]
    for key in ("author", "editor"):
        reference[key] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Name"}, reference[key]]}
    for key in ("volume", "issue", "page", "number", "edition"):
        reference[key] = {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
    reference["id"] = {"anyOf": [reference["id"], {"type": "integer"}]}
    # every CSL variable is accepted; a key that is none gives a warning, not an error
    defs["Reference"].pop("additionalProperties", None)
    defs["Name"].pop("additionalProperties", None)
    properties = schema["properties"]
    for alias, key in ALIASES.items():
        properties[alias] = {**copy.deepcopy(properties[key]), "description": f"Pandoc's name for '{key}'."}
    for key in sorted(PANDOC_ONLY):
        properties[key] = {"description": "Pandoc option, accepted and ignored by medpub."}
    properties["bibliography"] = {"anyOf": [{"type": "string"}, properties["bibliography"]],
                                  "description": "CSL JSON, CSL YAML or BibTeX files, relative to the article."}
    for key in ("keywords",):
        properties[key] = {"anyOf": [{"type": "string"}, properties[key]],
                           "description": "Keywords: a list, or one comma-separated string."}
    for key in ("authors", "author"):
        properties[key] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Author"}, properties[key]],
                           "description": "Authors: a list of names or {name, affiliation, url}."}
    for key in ("date",):
        properties[key] = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
                           "description": "Publication date, YYYY-MM-DD."}
    schema["required"] = ["title", "disclaimer"]
    schema["anyOf"] = [{"required": ["language"]}, {"required": ["lang"]}]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "medpub article"
    schema["description"] = ("Front matter of a medpub article (Markdown + YAML), or the whole "
                             "article as YAML/JSON with the Markdown in 'body'.")
    return schema
