"""The exceptions medpub raises.

Every error a caller can act on derives from :class:`MedpubError`::

    MedpubError
    ├── ArticleError      the input article is invalid (CLI exit status 2)
    │                     carries file, line and field so editors can jump to it
    └── BuildError        an output could not be produced (CLI exit status 1)
        ├── ResourceError a resource was refused or missing while rendering
        └── VoiceError    a voice engine failed (offline, rate-limited, missing)

Callers catch ``MedpubError`` for "anything medpub reports", or one branch.
"""

from __future__ import annotations

from pathlib import Path


class MedpubError(Exception):
    """Base class of every error medpub raises on purpose."""


class ArticleError(MedpubError):
    """The article file cannot be used; the message names file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        #: further problems found in the same pass (every bad image, every unknown key)
        self.others: list[ArticleError] = []
        super().__init__(self.format())

    @classmethod
    def combined(cls, problems: list[ArticleError]) -> ArticleError:
        """The first problem, carrying the rest in ``others``."""
        first = problems[0]
        first.others = list(problems[1:])
        return first

    def format(self) -> str:
        """``FILE:LINE: field: message``, the shape compilers use and editors parse."""
        where = self.file or "<article>"
        if self.line is not None:
            where += f":{self.line}"
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {subject}{self.message}"


class BuildError(MedpubError):
    """An output could not be written; earlier outputs are left untouched."""


class ResourceError(BuildError):
    """A resource (image, font, link target) was refused or missing while rendering."""


class VoiceError(BuildError):
    """A voice engine could not speak: offline, rate-limited, or not installed."""
