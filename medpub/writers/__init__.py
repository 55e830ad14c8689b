"""One writer per output format behind a small interface, found through a registry table.

Writers are imported only when their format is asked for, so building HTML never pays for
importing WeasyPrint, EbookLib or a voice engine (the Sphinx-builders shape).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from medpub.model.errors import MedpubError
from medpub.model.options import BuildOptions

if TYPE_CHECKING:
    from medpub.model.document import Document

#: format name -> "module:Class"; writers whose ``after`` is satisfied run two at a time
#: (the narration alongside the PDF), the rest wait (the EPUB for the PDF's page map).
REGISTRY: dict[str, str] = {
    "audio": "medpub.writers.audio.writer:AudioWriter",
    "pdf": "medpub.writers.pdf.writer:PdfWriter",
    "epub": "medpub.writers.epub.writer:EpubWriter",
    "html": "medpub.writers.html:HtmlWriter",
}
FORMATS: tuple[str, ...] = tuple(REGISTRY)


@dataclass
class BuildContext:
    """What one build of one article shares between its writers."""

    options: BuildOptions
    out_dir: Path
    stem: str
    formats: tuple[str, ...]
    shared: dict[str, Any] = field(default_factory=dict)


class Writer(ABC):
    """Turns a :class:`Document` into one or more files of one format."""

    #: the format's name on the command line (``-f html``)
    name: ClassVar[str]
    #: output key -> file suffix; the first is the format's main file
    outputs: ClassVar[dict[str, str]]
    #: formats that must be finished first when they are part of the same build
    after: ClassVar[tuple[str, ...]] = ()
    #: wall-clock seconds the builder allows :meth:`write` before giving up
    time_limit: ClassVar[float] = 300.0

    @abstractmethod
    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        """Write every output to its path in ``targets`` (temporary paths, renamed after)."""


def writer_class(name: str) -> type[Writer]:
    """The writer class registered for ``name`` (imports its module on first use)."""
    try:
        module_name, _, class_name = REGISTRY[name].partition(":")
    except KeyError:
        raise MedpubError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}") from None
    return getattr(importlib.import_module(module_name), class_name)
