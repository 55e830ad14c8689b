"""Typed results that one writer hands to another within a build (the PDF's page map for the EPUB).

An artifact is a frozen dataclass that subclasses :class:`Artifact`, names the format whose
writer makes it (``producer``) and lives in that writer's package, e.g.
:class:`medpub.writers.pdf.pagemap.PageMap`. The producer ``put``s one instance into
``context.artifacts``; a consumer asks for it by type with ``get`` (an error that names the
producer when it did not run) or ``find`` (None then, for a consumer that can do without).
A writer that reads an artifact lists its producer in ``after`` so the builder runs them in
order. Adding a new artifact is one dataclass; nothing here changes.
"""

from __future__ import annotations

import threading
from typing import ClassVar, TypeVar

from medpub.model.errors import BuildError

A = TypeVar("A", bound="Artifact")


class Artifact:
    """Base of every artifact: ``producer`` is the format name of the writer that makes it."""

    producer: ClassVar[str]


class MissingArtifact(BuildError):
    """A writer asked for an artifact that no writer of this build has made."""


class Artifacts:
    """The artifacts of one build, at most one per type; writers in other threads may add to it."""

    def __init__(self) -> None:
        self._items: dict[type[Artifact], Artifact] = {}
        self._lock = threading.Lock()

    def put(self, artifact: Artifact) -> None:
        kind = type(artifact)
        with self._lock:
            if kind in self._items:
                raise BuildError(f"{kind.__name__} was already made in this build")
            self._items[kind] = artifact

    def get(self, kind: type[A]) -> A:
        """The artifact of type ``kind``; :class:`MissingArtifact` if its producer has not run."""
        found = self.find(kind)
        if found is None:
            raise MissingArtifact(f"{kind.__name__} is made by the {kind.producer!r} writer, which has not run in "
                                  f"this build (build -f {kind.producer} too, and list it in the reader's `after`)")
        return found

    def find(self, kind: type[A]) -> A | None:
        with self._lock:
            found = self._items.get(kind)
        assert found is None or isinstance(found, kind)
        return found

    def __contains__(self, kind: type[Artifact]) -> bool:
        return self.find(kind) is not None
