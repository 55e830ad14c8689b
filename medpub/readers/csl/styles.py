"""Finding a CSL style and reading what medpub needs to know about it.

A style is named as Pandoc's ``csl:`` key names it: a path (relative to the article's
folder) or the name of a style medpub ships in ``templates/csl`` (``apa``, ``vancouver``,
``american-medical-association``, with or without ``.csl``; ``ama`` and ``nlm`` are aliases).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import msgspec

from medpub.locale.folders import shipped_templates
from medpub.model.errors import ArticleError
from medpub.model.jsoncache import entry_path, read_entry, write_entry

STYLES_DIR = shipped_templates() / "csl"
DEFAULT_STYLE = "apa"
ALIASES = {"ama": "american-medical-association", "nlm": "vancouver", "apa7": "apa"}
NS = "{http://purl.org/net/xbiblio/csl}"


class StyleInfo(msgspec.Struct, frozen=True):
    """What the outputs need to know about a style before formatting anything."""

    path: Path
    title: str
    numeric: bool
    superscript: bool
    default_locale: str | None


def shipped_styles() -> tuple[str, ...]:
    """The names of the styles medpub ships."""
    return tuple(sorted(p.stem for p in STYLES_DIR.glob("*.csl")))


def find_style(name: str | Path | None, base_dir: Path | None = None, *, confined: bool = True) -> Path:
    """The file of style ``name``: a file (relative to ``base_dir``) or a shipped style's name.

    A style named by the article must lie inside its folder (``confined``), like its images;
    a style the user names on the command line (``--csl``) may be anywhere.
    """
    if name is None or str(name).strip() == "":
        name = DEFAULT_STYLE
    text = str(name).strip()
    candidate = Path(text) if confined else Path(text).expanduser()
    if not candidate.is_absolute() and base_dir is not None:
        candidate = base_dir / candidate
    if candidate.is_file():
        if confined and base_dir is not None and not candidate.resolve().is_relative_to(base_dir.resolve()):
            raise ArticleError(f"{text!r} leads outside the article's folder: a style named in the article "
                               "must be a file beside it (or pass --csl)", field="csl")
        return candidate
    stem = text.removesuffix(".csl").lower()
    shipped = STYLES_DIR / f"{ALIASES.get(stem, stem)}.csl"
    if "/" not in text and shipped.is_file():
        return shipped
    raise ArticleError(f"no CSL style {text!r}: give a .csl file (relative to the article) or one of "
                       f"{', '.join(shipped_styles())}", field="csl")


@cache
def style_info(path: Path) -> StyleInfo:
    """Title, citation format and locale of the style at ``path`` (a located error if it is no CSL style).

    What a style declares is kept in medpub's cache folder under a hash of its bytes, so a
    fresh process reads a few bytes of JSON instead of parsing the style's XML; only a
    style that parsed cleanly is stored, so the cache never lets a broken one pass.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"not a CSL style: {exc}", file=path) from None
    entry = entry_path("csl-style-info", data)
    stored = read_entry(entry)
    if (isinstance(stored, list) and len(stored) == 4 and isinstance(stored[0], str)
            and all(isinstance(flag, bool) for flag in stored[1:3]) and isinstance(stored[3], str | None)):
        return StyleInfo(path, *stored)
    info = _parse_info(path, data)
    write_entry(entry, [info.title, info.numeric, info.superscript, info.default_locale])
    return info


def _parse_info(path: Path, data: bytes) -> StyleInfo:
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ArticleError(f"not a CSL style: {exc}", file=path) from None
    if root.tag != f"{NS}style":
        raise ArticleError("not a CSL style (no <style> element in the CSL namespace)", file=path)
    if root.find(f"{NS}citation") is None:
        parent = root.find(f"{NS}info/{NS}link[@rel='independent-parent']")
        hint = f"; it is a dependent style: use its parent {parent.get('href')}" if parent is not None else ""
        raise ArticleError("the style has no <citation> element" + hint, file=path)
    title = root.findtext(f"{NS}info/{NS}title") or path.stem
    category = root.find(f"{NS}info/{NS}category[@citation-format]")
    fmt = category.get("citation-format") if category is not None else ""
    layout = root.find(f"{NS}citation/{NS}layout")
    uses_number = any(e.get("variable") == "citation-number" for e in root.iter(f"{NS}text")
                      if _inside(root, e, f"{NS}citation"))
    numeric = fmt == "numeric" or (fmt == "" and uses_number)
    superscript = layout is not None and (layout.get("vertical-align") == "sup" or any(
        e.get("vertical-align") == "sup" for e in layout.iter()))
    return StyleInfo(path, title, numeric, superscript, root.get("default-locale"))


def _inside(root: object, element: object, tag: str) -> bool:
    citation = root.find(tag)  # type: ignore[attr-defined]
    return citation is not None and any(e is element for e in citation.iter())


def locale_file(locale: str) -> Path | None:
    """The shipped CSL locale file for ``locale`` (``en`` -> en-US, ``pt`` -> pt-PT), if any."""
    files = {p.stem.removeprefix("locales-"): p for p in STYLES_DIR.glob("locales-*.xml")}
    if locale in files:
        return files[locale]
    primary = {"en": "en-US", "pt": "pt-PT", "es": "es-ES", "fr": "fr-FR", "de": "de-DE"}.get(locale.split("-")[0])
    return files.get(primary or "")


@cache
def term(style: Path, locale: str, name: str) -> str | None:
    """The long form of CSL term ``name`` as ``style`` prints it in ``locale`` (the style's own terms first)."""
    from xml.etree import ElementTree

    sources = [ElementTree.parse(style).getroot()]
    if (path := locale_file(locale)) is not None:
        sources.append(ElementTree.parse(path).getroot())
    for root in sources:
        for found in root.iter(f"{NS}term"):
            if found.get("name") == name and found.get("form", "long") == "long" and found.text:
                return found.text
    return None
