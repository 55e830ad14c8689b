"""The few words the e-book adds around the article (headings such as "References").

medpub ships them in English only. In a book in another language each label is marked
``lang="en"`` so that a screen reader pronounces it as English instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

ENGLISH = {
    "cover": "Cover",
    "title_page": "Title page",
    "contents": "Contents",
    "landmarks": "Landmarks",
    "pages": "Pages",
    "start": "Start of the article",
    "introduction": "Introduction",
    "authors": "Authors",
    "published": "Published",
    "reviewed": "Reviewed",
    "references": "References",
    "backlink": "Back to citation",
    "legal": "Disclaimer and copyright",
    "disclaimer": "Disclaimer",
    "disclaimer_link": "disclaimer",
    "notice_before": "This information does not replace professional medical advice: read the",
    "notice_after": ".",
    "copyright": "Copyright",
    "published_by": "Published by",
    "online": "Online edition:",
    "pages_from": "Page numbers in this e-book follow the",
}


@dataclass(frozen=True)
class Labels:
    """Labels for a book in ``language``: plain text for titles, marked-up text for bodies."""

    language: str

    @property
    def english(self) -> bool:
        return self.language.split("-")[0].lower() == "en"

    def text(self, key: str) -> str:
        return ENGLISH[key]

    def html(self, key: str) -> Markup:
        text = escape(ENGLISH[key], quote=False)
        if self.english or not text.strip(" ."):
            return Markup(text)
        return Markup(f'<span lang="en" xml:lang="en">{text}</span>')
