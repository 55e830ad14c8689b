"""Named implementations (output formats, voice engines): a built-in table plus entry points.

A distribution adds a format or a voice by declaring an entry point in the group
``medpub.writers`` or ``medpub.voices`` (``text = "medpub_text:TextWriter"`` under
``[project.entry-points."medpub.writers"]`` in its pyproject.toml); nothing in medpub
changes. Built-in names come first and cannot be shadowed. Installed entry points are read
only when a name is not built in or the full list is asked for: ``importlib.metadata``
and the scan of installed distributions cost ~60 ms, which ``medpub build -f html`` never pays.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from medpub.model.errors import MedpubError


class Registry:
    """The implementations of one kind, by name; each is loaded on first use."""

    def __init__(self, group: str, builtin: Mapping[str, str], kind: str) -> None:
        #: entry-point group, e.g. ``medpub.writers``
        self.group = group
        #: name -> ``"module:attribute"`` of what medpub ships, in their preferred order
        self.builtin = dict(builtin)
        #: what a name stands for, in messages ("format", "voice")
        self.kind = kind

    @cached_property
    def _installed(self) -> dict[str, Any]:
        from importlib.metadata import entry_points

        return {ep.name: ep for ep in sorted(entry_points(group=self.group), key=lambda ep: ep.name)
                if ep.name not in self.builtin}

    def builtin_names(self) -> tuple[str, ...]:
        return tuple(self.builtin)

    def names(self) -> tuple[str, ...]:
        """Every name: the built-in ones, then those of installed plugins (sorted)."""
        return (*self.builtin, *self._installed)

    def __contains__(self, name: object) -> bool:
        return name in self.builtin or name in self._installed

    def load(self, name: str) -> Any:
        """The object registered as ``name``; :class:`MedpubError` naming the choices if none is."""
        if name in self.builtin:
            module_name, _, attribute = self.builtin[name].partition(":")
            return getattr(importlib.import_module(module_name), attribute)
        entry_point = self._installed.get(name)
        if entry_point is None:
            raise MedpubError(f"unknown {self.kind} {name!r}; choose from {', '.join(self.names())}")
        try:
            return entry_point.load()
        except Exception as exc:  # a broken plugin must not look like medpub's own failure
            raise MedpubError(f"the {self.kind} {name!r} ({entry_point.value}, entry point group {self.group}) "
                              f"failed to load: {type(exc).__name__}: {exc}") from exc
