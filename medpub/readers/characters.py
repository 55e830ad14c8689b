"""Characters an article may hold: printable text, tab and line breaks.

Control characters break XML (the EPUB), PDF text and speech engines, so they are refused
with their line, except those that mean a line break in word processors and are turned
into one: vertical tab (Word's manual line break), form feed, NEL and the Unicode line and
paragraph separators. Lone surrogates (from JSON ``\\ud800`` escapes) and the
non-characters U+FFFE/U+FFFF cannot be encoded in any output and are refused as well.
"""

from __future__ import annotations

import re
import unicodedata

#: characters that mean "new line" in word processors and other systems
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def normalise_breaks(text: str) -> str:
    """``text`` with every line-break character as ``\\n`` (line numbers of later lines move
    by the breaks added, as an editor that shows them as breaks counts them)."""
    return text.translate(LINE_BREAKS)


def first_forbidden(text: str) -> tuple[int, str] | None:
    """(offset, description) of the first character an article may not hold, or None."""
    match = FORBIDDEN.search(text)
    if match is None:
        return None
    return match.start(), describe(match.group())


def describe(char: str) -> str:
    """``U+0000 (NULL)``: how a message names an invisible character."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate, which no UTF-8 text can hold)"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "control character")
    return f"U+{code:04X} ({name})"


_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x1B: "ESCAPE", 0x7F: "DELETE",
                  0xFFFE: "non-character", 0xFFFF: "non-character"}
