"""Typed results that one writer hands to another within a build (the PDF's page map for the EPUB).

An artifact is a frozen dataclass that subclasses :class:`Artifact`, names the format whose
writer makes it (``producer``) and lives in that writer's package, e.g.
:class:`medpub.writers.pdf.pagemap.PageMap`. The producer ``put``s one instance into
``context.artifacts``; a consumer asks for it by type with ``get`` (an error that names the
producer when it did not run) or ``find`` (None then, for a consumer that can do without).
A writer that reads an artifact lists its producer in ``after`` so the builder runs them in
order, or in ``waits_for`` when it reads the artifact only near its end: then it may start
while the producer still runs and blocks in ``wait`` until the producer has finished (the
EPUB lays out its pages while the narration is being encoded). Adding a new artifact is one
dataclass; nothing here changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import ClassVar, TypeVar

from medpub.model.errors import BuildError

A = TypeVar("A", bound="Artifact")


class Artifact:
    """Base of every artifact: ``producer`` is the format name of the writer that makes it."""

    producer: ClassVar[str]


class MissingArtifact(BuildError):
    """A writer asked for an artifact that no writer of this build has made."""


class Artifacts:
    """The artifacts of one build, at most one per type; writers in other threads may add to it.

    The builder says which producers run in this build (:meth:`expect`) and when each has
    finished (:meth:`settle`), so a consumer can :meth:`wait` for one that is still running.
    """

    #: seconds between checks while waiting, so a writer's time limit can still interrupt it
    POLL = 0.1

    def __init__(self) -> None:
        self._items: dict[type[Artifact], Artifact] = {}
        self._expected: set[str] = set()
        self._settled: dict[str, bool] = {}
        self._changed = threading.Condition()

    def put(self, artifact: Artifact) -> None:
        kind = type(artifact)
        with self._changed:
            if kind in self._items:
                raise BuildError(f"{kind.__name__} was already made in this build")
            self._items[kind] = artifact
            self._changed.notify_all()

    def get(self, kind: type[A]) -> A:
        """The artifact of type ``kind``; :class:`MissingArtifact` if its producer has not run."""
        found = self.find(kind)
        if found is None:
            raise MissingArtifact(f"{kind.__name__} is made by the {kind.producer!r} writer, which has not run in "
                                  f"this build (build -f {kind.producer} too, and list it in the reader's `after`)")
        return found

    def find(self, kind: type[A]) -> A | None:
        with self._changed:
            found = self._items.get(kind)
        assert found is None or isinstance(found, kind)
        return found

    def __contains__(self, kind: type[Artifact]) -> bool:
        return self.find(kind) is not None

    def expect(self, producers: Iterable[str]) -> None:
        """The builder: these formats are built in this run, so their artifacts are worth waiting for."""
        with self._changed:
            self._expected.update(producers)

    def settle(self, producer: str, ok: bool) -> None:
        """The builder: ``producer`` has finished (``ok``: built or up to date) or failed."""
        with self._changed:
            self._settled[producer] = ok
            self._changed.notify_all()

    def wait(self, kind: type[A]) -> A | None:
        """The artifact of type ``kind`` once its producer has finished, if it made one.

        None when the producer is not part of this build or finished without making it (its
        outputs were up to date). :class:`MissingArtifact` when the producer failed.
        """
        producer = kind.producer
        with self._changed:
            while kind not in self._items and producer in self._expected and producer not in self._settled:
                self._changed.wait(self.POLL)
            if self._settled.get(producer) is False and kind not in self._items:
                raise MissingArtifact(f"{kind.__name__} was not made: the {producer!r} writer failed")
            found = self._items.get(kind)
        assert found is None or isinstance(found, kind)
        return found
