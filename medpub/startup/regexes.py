"""Compiled regular expressions kept between runs of the command line.

PyYAML, markdown-it and Jinja2 compile some 130 regular expressions when they are imported;
in a fresh ``medpub build -f html`` that is about a quarter of all the work (PyYAML's
reader alone builds a character class over all of Unicode). Python keeps compiled patterns
only in memory, in the dictionary behind :func:`re.compile`. This module stores what
Python's own compiler produced for each pattern (its code, flags and groups) in medpub's
cache folder, and at the next start puts the patterns rebuilt from it into that same
dictionary, before the libraries are imported; ``re.compile`` then finds them there.

Safe by construction: an entry is stored only after a pattern rebuilt from it compared
equal (code, flags, pattern, groups) to the one Python compiled, and the engine checks
the code again when it is read; the file is named by the exact Python build and the
regular expression engine's version, carries a checksum of its contents, is written
beside its final name and renamed into place, and is ignored when anything about it (or
about the ``re`` internals it relies on) is not as expected, in which case Python
compiles as usual. At most :data:`MAX_ENTRIES` patterns are kept per command. JSON, never pickle or marshal: reading a cache file must
not be able to run code.

Imports from: medpub.model.cachedir.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import threading
import time
from array import array
from pathlib import Path
from typing import Any

from medpub.model.cachedir import cache_root

#: patterns kept per command (Python's own cache holds 512)
MAX_ENTRIES = 400
#: the file is rewritten only when the new patterns took this long to compile: not for the
#: few that differ from run to run (a character class built from a set comes out in another
#: order in every process) or are made from one article's text (a reference's label)
WORTH_WRITING = 1e-3

Key = tuple[type, str | bytes, int]
#: the array type of a pattern's code: the engine's code words are 4 bytes (``_sre.CODESIZE``)
_CODE = "I"


class RegexCache:
    """The stored patterns of one command on this Python."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: stored patterns: [is_bytes, pattern, flags, compiled flags, code (hex of 4-byte words), groups,
        #: groupindex, indexgroup]
        self.entries: list[list[Any]] = []
        #: [is_bytes, pattern, flags] of patterns that could not be stored (not str or bytes, or not
        #: rebuilt exactly), so that no run tries again
        self.skipped: list[list[Any]] = []
        self.known: set[Key] = set()

    @classmethod
    def for_command(cls, command: str, folder: Path | None = None) -> RegexCache:
        """The cache of ``command`` (``build``, ``check``...) for exactly this Python build."""
        import _sre

        engine = (f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}|"
                  f"{sys.byteorder}|{array(_CODE).itemsize}")
        digest = hashlib.sha256(f"{engine}|{command}".encode()).hexdigest()[:32]
        return cls(cache_root(folder) / "regex" / f"{digest}.json")

    def load(self) -> int:
        """Put the stored patterns into ``re``'s cache; how many. Nothing on any doubt."""
        try:
            patterns = _python_cache()
            checksum, _, body = self.path.read_bytes().partition(b"\n")
            if patterns is None or checksum.decode("ascii") != hashlib.sha256(body).hexdigest():
                return 0
            data = json.loads(body)
            entries, skipped = data["entries"], data["skipped"]
            rebuilt = [(_key(entry), _rebuild(entry)) for entry in entries]
            known = {_key(entry) for entry in skipped}
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache only means compiling as usual
            return 0
        for key, pattern in rebuilt:
            patterns.setdefault(key, pattern)
        self.entries, self.skipped = entries, skipped
        self.known = known | {key for key, _ in rebuilt}
        return len(rebuilt)

    def save(self) -> int:
        """Store what this run compiled that was not known yet; how many patterns were added."""
        room = MAX_ENTRIES - len(self.entries) - len(self.skipped)
        patterns = _python_cache()
        if patterns is None:
            return 0
        try:
            new = [(key, pattern) for key, pattern in list(patterns.items()) if key not in self.known][:max(room, 0)]
            made = [(key, *self._entry(key, pattern)) for key, pattern in new]
        except Exception:  # noqa: BLE001 - re's internals are not what this module expects: keep nothing
            return 0
        if sum(seconds for _, entry, seconds in made if entry is not None) < WORTH_WRITING:
            return 0
        entries = self.entries + [entry for _, entry, _ in made if entry is not None]
        skipped = self.skipped + [[kind is bytes, _text(pattern), flags] for (kind, pattern, flags), entry, _ in made
                                  if entry is None]
        body = json.dumps({"python": sys.version, "entries": entries, "skipped": skipped}).encode()
        temp = self.path.with_name(f".partial-{os.getpid()}-{threading.get_ident()}-{self.path.name}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            return 0
        return len(entries) - len(self.entries)

    @staticmethod
    def _entry(key: Key, compiled: Any) -> tuple[list[Any] | None, float]:
        """What Python's compiler makes of ``key`` and how long it took: None if it does not
        rebuild exactly ``compiled`` (same code, flags, pattern and groups)."""
        from re import _compiler, _parser  # type: ignore[attr-defined]

        kind, pattern, flags = key
        if kind not in (str, bytes) or not isinstance(flags, int) or not isinstance(compiled, re.Pattern):
            return None, 0.0
        start = time.perf_counter()
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        seconds = time.perf_counter() - start
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = [kind is bytes, _text(pattern), flags, flags | parsed.state.flags, array(_CODE, code).tobytes().hex(),
                 parsed.state.groups - 1, groupindex, indexgroup]
        rebuilt = _rebuild(entry)
        same = (rebuilt == compiled and rebuilt.groupindex == compiled.groupindex
                and rebuilt.groups == compiled.groups)
        return (entry if same else None), seconds


def _python_cache() -> dict[Any, Any] | None:
    """The dictionary in which ``re.compile`` looks up patterns it compiled before (CPython 3.11-3.13)."""
    found = getattr(re, "_cache", None)
    return found if isinstance(found, dict) else None


def _text(pattern: str | bytes) -> str:
    return pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern


def _key(entry: list[Any]) -> Key:
    is_bytes, text, flags = entry[0], entry[1], entry[2]
    if not (isinstance(is_bytes, bool) and isinstance(text, str) and isinstance(flags, int)):
        raise TypeError("not a stored pattern")
    return (bytes, text.encode("latin-1"), flags) if is_bytes else (str, text, flags)


def _rebuild(entry: list[Any]) -> re.Pattern[Any]:
    """The pattern from its stored code (the engine checks the code before accepting it)."""
    import _sre

    is_bytes, text, _, flags, hex_code, groups, groupindex, indexgroup = entry
    pattern = text.encode("latin-1") if is_bytes else text
    code = array(_CODE, bytes.fromhex(hex_code)).tolist()
    return _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))  # type: ignore[no-any-return]
