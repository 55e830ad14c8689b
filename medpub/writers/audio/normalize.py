"""Written text -> text an engine reads well: "30%" -> "30 percent", "MDD" -> "M D D".

The rules run in a fixed order (addresses before symbols, units before initialisms) from
the tables in :mod:`medpub.writers.audio.rules`. English gets every rule; other languages only
the language-neutral ones (typography, addresses, identifiers) so nothing English leaks
into, say, a Spanish narration.
"""

from __future__ import annotations

import datetime as dt
import re

from medpub.locale.cldr import format_date
from medpub.writers.audio import rules

_UNIT_NAMES = sorted(rules.UNITS, key=len, reverse=True)
_UNIT = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(" + "|".join(map(re.escape, _UNIT_NAMES)) + r")"
    r"(?:/(" + "|".join(map(re.escape, sorted(rules.PER, key=len, reverse=True))) + r"))?(?![\w/])")
_URL = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?]")
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:com|org|edu|gov|net|int|info|io|co\.uk|org\.uk|ac\.uk|nhs\.uk|de|fr|es|ca|au)\b",
                     re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_IDENTIFIER = re.compile(r"\b\d+(?:-\d+){2,}\b")
_RANGE = re.compile(r"(?<![\d-])(\d+(?:\.\d+)?)\s*[–—-]\s*(\d+(?:\.\d+)?)(?![\d-])")
_INITIALISM = re.compile(r"\b([A-Z]{2,5})(s?)\b")
_DOTTED = re.compile(r"\b((?:[A-Z]\.){2,})(?=\s|$|[,;:])")


def normalize(text: str, language: str) -> str:
    """The words an engine should say for ``text`` written in ``language`` (BCP 47)."""
    english = language.lower().split("-")[0] == "en"
    text = _typography(text, english)
    text = _URL.sub(lambda m: _site(m.group(0)), text)
    if english:
        text = _ISO_DATE.sub(_date, text)
    text = _IDENTIFIER.sub(lambda m: ", ".join(" ".join(group) for group in m.group(0).split("-")), text)
    if english:
        text = _english(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text).rstrip(",;")
    if text and not text.endswith((".", "?", "!", ":")):
        text += "."
    return text


def _typography(text: str, english: bool) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("…", "...").replace("\u00a0", " ")
    text = re.sub(r"\s+[–—-]\s+|\s*—\s*", ", ", text)
    if english:
        text = re.sub(r"\?\s*,", "?", text)
    return text


def _site(url: str) -> str:
    from medpub.transforms.citations import site_name

    return site_name(url) or url


def _english(text: str) -> str:
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = _UNIT.sub(_unit, text)
    text = _RANGE.sub(r"\1 to \2", text)
    text = _DOMAIN.sub(_domain, text)
    for written, spoken in rules.ABBREVIATIONS.items():
        text = re.sub(rf"(?<![\w.]){re.escape(written)}(?![\w])" if written.endswith(".")
                      else rf"\b{re.escape(written)}\b(?!\.)", spoken, text)
    for written, spoken in rules.NUMBERED.items():
        text = re.sub(rf"(?<![\w.]){re.escape(written)}\s*(?=\d)", spoken + " ", text)
    text = re.sub(r"\band/or\b", "and or", text)
    text = re.sub(r"\b([A-Za-z]+)/([A-Za-z]+)\b", r"\1 or \2", text)
    for symbol, word in rules.SYMBOLS.items():
        text = text.replace(symbol, f" {word} " if word else "")
    text = re.sub(r"^copyright\b", "Copyright", text.strip())
    text = re.sub(r"(?<!\w)~\s*(?=\d)", "about ", text)
    text = _DOTTED.sub(lambda m: " ".join(m.group(1).replace(".", "")), text)
    text = _INITIALISM.sub(_initialism, text)
    return text


def _date(match: re.Match[str]) -> str:
    try:
        date = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return match.group(0)
    return format_date(date, "en", "MMMM d, y")


def _unit(match: re.Match[str]) -> str:
    number, unit, per = match.groups()
    singular, plural = rules.UNITS[unit]
    said = f"{number} {singular if number == '1' else plural}"
    return f"{said} per {rules.PER[per]}" if per else said


def _domain(match: re.Match[str]) -> str:
    labels = match.group(0).split(".")
    return " dot ".join(" ".join(label.upper()) if label.lower() in rules.DOMAIN_INITIALISMS else label
                        for label in labels)


def _initialism(match: re.Match[str]) -> str:
    word, plural = match.groups()
    if word in rules.WORDS or (len(word) > 4 and re.search(r"[AEIOU]", word)):
        return match.group(0)
    return " ".join(word) + ("'s" if plural else "")
