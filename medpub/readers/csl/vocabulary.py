"""The CSL 1.0.2 input vocabulary: item types and variables, by kind.

Copied from the CSL-data JSON schema (``csl-data.json`` of the citation-style-language
``schema`` repository, v1.0.2) so that readers can tell a CSL key from a typo without
shipping the schema. Pandoc also accepts a few legacy spellings (``event`` for
``event-title``, ``shortTitle``, ``journalAbbreviation``); they are listed here too.
"""

from __future__ import annotations

from typing import get_args

from medpub.model.article import ReferenceType

#: every CSL 1.0.2 item type: the model's own list, so the two cannot drift apart
TYPES = frozenset(get_args(ReferenceType))

NAME_VARIABLES = frozenset({
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
    "interviewer", "illustrator", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
})

DATE_VARIABLES = frozenset({"accessed", "available-date", "event-date", "issued", "original-date", "submitted"})

#: variables whose value is a number or a string (CSL "number" and "standard" variables)
TEXT_VARIABLES = frozenset({
    "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority",
    "call-number", "chapter-number", "citation-number", "citation-label", "collection-number",
    "collection-title", "container-title", "container-title-short", "dimensions", "division", "DOI",
    "edition", "event", "event-title", "event-place", "first-reference-note-number", "genre", "ISBN", "ISSN",
    "issue", "jurisdiction", "keyword", "language", "locator", "medium", "note", "number", "number-of-pages",
    "number-of-volumes", "original-publisher", "original-publisher-place", "original-title", "page",
    "page-first", "part", "part-title", "PMCID", "PMID", "printing", "publisher", "publisher-place",
    "references", "reviewed-genre", "reviewed-title", "scale", "section", "source", "status", "supplement",
    "title", "title-short", "URL", "version", "volume", "volume-title", "volume-title-short", "year-suffix",
    "journalAbbreviation", "shortTitle", "citation-key",
})

#: keys of an item that are not variables: identity, type and free-form extras
ITEM_KEYS = frozenset({"id", "type", "categories", "custom"})

NAME_PARTS = frozenset({"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix",
                        "static-ordering", "literal", "parse-names"})
DATE_PARTS = frozenset({"date-parts", "season", "circa", "literal", "raw"})

ALL_KEYS = (NAME_VARIABLES | DATE_VARIABLES | TEXT_VARIABLES | ITEM_KEYS)
