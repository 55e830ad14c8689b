"""Pronunciation lexicons in W3C PLS 1.0: ``<lexeme><grapheme>MDD</grapheme><alias>...``.

A publisher keeps one file of names and terms the voices get wrong and passes it with
``--lexicon``; an article may add its own, ``<article stem>.pls`` beside it, whose entries
win over the publisher's. Alias entries rewrite the text before any engine sees it, so they work
with every voice; phoneme entries need an engine that takes a phonetic alphabet, which
none of ours shares, so they are ignored (and counted in ``ignored``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import msgspec

from medpub.model.errors import BuildError
from medpub.model.jsoncache import entry_path, read_entry, write_entry

PLS = "{http://www.w3.org/2005/01/pronunciation-lexicon}"


class LexiconError(BuildError):
    """A lexicon that cannot be read, with the line where it goes wrong."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Lexicon(msgspec.Struct, frozen=True):
    """Grapheme -> alias rules for one language (``None`` = any)."""

    aliases: dict[str, str] = msgspec.field(default_factory=dict)
    language: str | None = None
    ignored: int = 0

    def applies_to(self, language: str) -> bool:
        if not self.language:
            return True
        mine, theirs = self.language.lower().split("-"), language.lower().split("-")
        return mine[0] == theirs[0] and (len(mine) == 1 or mine == theirs)

    def apply(self, text: str) -> tuple[str, str]:
        """``text`` with every alias applied (whole words, case-sensitive, longest first),
        and a digest of the rules that fired (part of the chunk's cache key)."""
        if not self.aliases:
            return text, ""
        fired: list[str] = []

        def replace(match: re.Match[str]) -> str:
            fired.append(match.group(0))
            return self.aliases[match.group(0)]

        text = self._pattern.sub(replace, text)
        if not fired:
            return text, ""
        rules = sorted({f"{g}\x00{self.aliases[g]}" for g in fired})
        return text, hashlib.sha256("\x01".join(rules).encode()).hexdigest()[:16]

    @property
    def _pattern(self) -> re.Pattern[str]:
        graphemes = sorted(self.aliases, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, graphemes)) + r")(?!\w)")


def combine(lexicons: list[Lexicon], language: str) -> Lexicon | None:
    """One lexicon of the entries that apply to ``language``; earlier lexicons win."""
    aliases: dict[str, str] = {}
    for lexicon in reversed(lexicons):
        if lexicon.applies_to(language):
            aliases.update(lexicon.aliases)
    return Lexicon(aliases, None, sum(lexicon.ignored for lexicon in lexicons)) if aliases else None


#: a lexicon of a few thousand entries is well under a megabyte
MAX_LEXICON_BYTES = 5_000_000


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a PLS file; a malformed one is a BuildError naming the file (and its line)."""
    return _parse(path, _read(path))


def check_lexicon(path: str | Path) -> None:
    """What :func:`load_lexicon` would refuse, refused; the lexicon itself is not needed.

    That a file's bytes make a good lexicon is kept in medpub's cache folder under a hash
    of those bytes, so checking an unchanged lexicon neither loads the XML parser nor
    parses the file; a lexicon that fails is never recorded, and the file is always read
    (a FIFO, an oversized or unreadable file is refused every time).
    """
    data = _read(path)
    entry = entry_path("lexicon-ok", data)
    if read_entry(entry) is True:
        return
    _parse(path, data)
    write_entry(entry, True)


def _read(path: str | Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise BuildError(f"{path}: a pronunciation lexicon must be a regular file")
            data = handle.read(MAX_LEXICON_BYTES + 1)
    except OSError as exc:
        raise BuildError(f"{path}: cannot read the pronunciation lexicon: {exc.strerror}") from exc
    if len(data) > MAX_LEXICON_BYTES:
        raise BuildError(f"{path}: over {MAX_LEXICON_BYTES:,} bytes, the limit for a lexicon")
    return data


def _parse(path: str | Path, data: bytes) -> Lexicon:
    import xml.etree.ElementTree as ET  # only for a lexicon not checked before

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise LexiconError(f"{path}:{exc.position[0]}: not a well-formed PLS lexicon: {exc}",
                           line=exc.position[0]) from exc
    if root.tag != f"{PLS}lexicon":
        raise BuildError(f"{path}: not a W3C PLS lexicon (root element {root.tag!r})")
    aliases: dict[str, str] = {}
    ignored = 0
    for lexeme in root.iter(f"{PLS}lexeme"):
        alias = lexeme.find(f"{PLS}alias")
        graphemes = [g.text.strip() for g in lexeme.iter(f"{PLS}grapheme") if g.text and g.text.strip()]
        spoken = " ".join((alias.text or "").split()) if alias is not None else ""
        if not spoken:
            ignored += 1
            continue
        for grapheme in graphemes:
            aliases[grapheme] = spoken
    return Lexicon(aliases, root.get(XML_LANG), ignored)
