"""One writer per output format behind a small interface, found through a registry.

The built-in formats are the table below; a distribution adds one through an entry point
in the group ``medpub.writers`` (see :mod:`medpub.model.plugins`). Writers are imported
only when their format is asked for, so building HTML never pays for importing WeasyPrint,
EbookLib or a voice engine (the Sphinx-builders shape).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from medpub.model.errors import MedpubError
from medpub.model.options import BuildOptions
from medpub.model.plugins import Registry
from medpub.writers.artifacts import Artifacts

if TYPE_CHECKING:
    from medpub.model.document import Document

#: format name -> "module:Class", the one list of built-in formats, in build order: writers
#: whose ``after`` is satisfied run two at a time (the narration alongside the PDF), the
#: rest wait (the EPUB for the PDF's page map); a writer that reads another's artifact only
#: at its end (``waits_for``: the EPUB and the page, the narration's timings) starts once
#: that writer runs.
REGISTRY = Registry("medpub.writers", {
    "audio": "medpub.writers.audio.writer:AudioWriter",
    "pdf": "medpub.writers.pdf.writer:PdfWriter",
    "epub": "medpub.writers.epub.writer:EpubWriter",
    "html": "medpub.writers.html:HtmlWriter",
}, kind="format")
#: the formats a build makes when none are named: every built-in one
FORMATS: tuple[str, ...] = REGISTRY.builtin_names()


@dataclass
class BuildContext:
    """What one build of one article shares between its writers."""

    options: BuildOptions
    out_dir: Path
    stem: str
    formats: tuple[str, ...]
    #: cores this build may keep busy (sizes writers' thread pools; never changes the bytes); None: all
    threads: int | None = None
    #: typed results writers hand to each other (the PDF's page map for the EPUB)
    artifacts: Artifacts = field(default_factory=Artifacts)


class Writer(ABC):
    """Turns a :class:`Document` into one or more files of one format."""

    #: the format's name on the command line (``-f html``)
    name: ClassVar[str]
    #: output key -> file suffix; the first is the format's main file
    outputs: ClassVar[dict[str, str]]
    #: formats that must be finished first when they are part of the same build
    after: ClassVar[tuple[str, ...]] = ()
    #: formats whose artifacts this writer reads only near its end (``context.artifacts.wait``):
    #: it may start once they are running and waits for them there
    waits_for: ClassVar[tuple[str, ...]] = ()
    #: wall-clock seconds the builder allows :meth:`write` before giving up
    time_limit: ClassVar[float] = 300.0

    @abstractmethod
    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        """Write every output to its path in ``targets`` (temporary paths, renamed after)."""

    @classmethod
    def fingerprint(cls, options: BuildOptions) -> dict[str, str]:
        """What else, besides the article and the options, the output depends on.

        Part of the up-to-date stamp, so a change rebuilds the format (the audio writer
        names the default voice installed). Called before the article is read: keep it cheap.
        """
        return {}


def writer_class(name: str) -> type[Writer]:
    """The writer registered for format ``name`` (imports its module on first use)."""
    found = REGISTRY.load(name)
    if not (isinstance(found, type) and issubclass(found, Writer)):
        raise MedpubError(f"format {name!r} is registered as {found!r}, which is not a medpub Writer class")
    if getattr(found, "name", None) != name or not getattr(found, "outputs", None):
        raise MedpubError(f"format {name!r}: its writer {found.__name__} must set name = {name!r} and outputs")
    return found


def build_order(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` without repeats, each after the formats it waits for (``after``,
    ``waits_for``); otherwise
    the built-in formats in table order, then the others as given."""
    wanted = list(dict.fromkeys(names))
    table = list(REGISTRY.builtin)
    ranked = sorted(wanted, key=lambda n: table.index(n) if n in table else len(table) + wanted.index(n))
    ordered: list[str] = []

    def place(name: str, waiting: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in waiting:
            raise MedpubError(f"formats wait for each other in a cycle: {' -> '.join((*waiting, name))}")
        writer = writer_class(name)
        for before in (*writer.after, *writer.waits_for):
            if before in wanted:
                place(before, (*waiting, name))
        ordered.append(name)

    for name in ranked:
        place(name, ())
    return tuple(ordered)
