"""Pandoc's citeproc as a CSL processor: the reference implementation, run once per article.

The references, the citation clusters and the style go to ``pandoc --citeproc`` as a JSON
document; the formatted citations and bibliography come back as Pandoc's JSON tree, which
maps one to one onto medpub's inline nodes (Emph, Strong, Link, Text). Pandoc 3 from the
``pypandoc-binary`` wheel is preferred; a ``pandoc`` on PATH (2.11 or later) also works.

Imports from the existing core: :mod:`medpub.document` (Emph, Inline, Link, Strike, Strong, Text, merge_text),
:mod:`medpub.errors` (BuildError).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from medpub.model.document import Emph, Inline, Link, Strike, Strong, Text, merge_text
from medpub.model.errors import BuildError
from medpub.transforms.csl.model import CiteRequest

MODES = {"normal": "NormalCitation", "narrative": "AuthorInText", "suppress-author": "SuppressAuthor"}
QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
CSL_NS = "http://purl.org/net/xbiblio/csl"


MINIMUM_VERSION = (3, 0)


@cache
def pandoc_path() -> str | None:
    """The pandoc to run: the wheel's Pandoc 3 if installed, else a Pandoc 3 on PATH.

    Pandoc 2's citeproc predates CSL 1.0.2 (it prints "Yuxin Bai" for AMA's "Bai Y"), so it is not used.
    """
    from importlib.util import find_spec

    spec = find_spec("pypandoc")  # the wheel's binary, found without importing pypandoc (and its HTTP client)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "files" / "pandoc"
        if bundled.is_file():
            return str(bundled)
    found = shutil.which("pandoc")
    return found if found and _version(found) >= MINIMUM_VERSION else None


def _version(pandoc: str) -> tuple[int, ...]:
    try:
        out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return (0,)
    first = out.split("\n", 1)[0].split()[-1] if out else "0"
    return tuple(int(p) for p in first.split(".") if p.isdigit())


@cache
def _api_version(pandoc: str) -> list[int]:
    out = subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input="", capture_output=True, text=True,
                         check=True, timeout=60)
    return list(json.loads(out.stdout)["pandoc-api-version"])


def available() -> bool:
    return pandoc_path() is not None


def run(items: list[dict[str, Any]], style: Path, locale: str,
        clusters: Sequence[Sequence[CiteRequest]]) -> tuple[list[tuple[str, int, list[Inline]]], list[list[Inline]]]:
    """Format ``items`` with ``style``: (entries as (id, number, inlines), citations as inlines)."""
    pandoc = pandoc_path()
    if pandoc is None:
        raise BuildError("Pandoc is needed to format references: pip install pypandoc-binary")
    blocks = [{"t": "Para", "c": [_cite(cluster, n)]} for n, cluster in enumerate(clusters, start=1)]
    cited = {c.ref_id for cluster in clusters for c in cluster}
    uncited = [i["id"] for i in items if i["id"] not in cited]
    meta = {"nocite": {"t": "MetaInlines", "c": [_cite([CiteRequest(i) for i in uncited], 0)]}} if uncited else {}
    document = {"pandoc-api-version": _api_version(pandoc), "meta": meta, "blocks": blocks}
    with tempfile.TemporaryDirectory(prefix="medpub-csl-") as folder:
        bibliography = Path(folder) / "references.json"
        bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        fixed = _fixed_style(style)
        if fixed is not None:
            style = Path(folder) / "style.csl"
            style.write_bytes(fixed)
        command = [pandoc, "-f", "json", "-t", "json", "--citeproc", f"--csl={style}",
                   f"--bibliography={bibliography}", "-M", f"lang={locale}", "-M", "link-citations=false"]
        result = subprocess.run(command, input=json.dumps(document), capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise BuildError(f"Pandoc could not format the references: {result.stderr.strip()}")
    output = json.loads(result.stdout)["blocks"]
    citations = [_cluster_inlines(block) for block in output[:len(clusters)]]
    entries = _entries(output[len(clusters):])
    return entries, citations


@cache
def _fixed_style(style: Path) -> bytes | None:
    """The style with Pandoc's known misreadings worked around, or None when it needs none.

    A ``<names>`` with a ``<label>`` but no ``<name>`` (AMA's editor macro) means the names, then
    the label: "Mathew SJ, Zarate CA, eds." Pandoc 3 prints the label first (", eds.Mathew SJ,
    Zarate CA"); an explicit empty ``<name/>``, which the CSL specification makes equivalent, is
    read correctly.
    """
    from xml.etree import ElementTree

    ElementTree.register_namespace("", CSL_NS)
    tree = ElementTree.parse(style)
    changed = False
    for names in tree.iter(f"{{{CSL_NS}}}names"):
        children = list(names)
        labels = [n for n, child in enumerate(children) if child.tag == f"{{{CSL_NS}}}label"]
        if labels and not any(child.tag == f"{{{CSL_NS}}}name" for child in children):
            names.insert(labels[0], ElementTree.Element(f"{{{CSL_NS}}}name"))
            changed = True
    return ElementTree.tostring(tree.getroot(), xml_declaration=True, encoding="utf-8") if changed else None


def _cite(cluster: Sequence[CiteRequest], note: int) -> dict[str, Any]:
    citations = [{"citationId": c.ref_id, "citationPrefix": _words(c.prefix), "citationSuffix": _words(c.suffix),
                  "citationMode": {"t": MODES[c.mode]}, "citationNoteNum": note, "citationHash": 0}
                 for c in cluster]
    return {"t": "Cite", "c": [citations, [{"t": "Str", "c": "[cite]"}]]}


def _words(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def _cluster_inlines(block: dict[str, Any]) -> list[Inline]:
    cite = block["c"][0]
    return _tidy(_inlines(cite["c"][1] if cite["t"] == "Cite" else block["c"]))


def _entries(blocks: list[dict[str, Any]]) -> list[tuple[str, int, list[Inline]]]:
    out = []
    for block in blocks:
        if block["t"] != "Div":
            continue
        (ident, classes, _), children = block["c"]
        if ident == "refs" or "references" in classes:
            out += _entries(children)
        elif ident.startswith("ref-"):
            inlines: list[dict[str, Any]] = []
            for child in children:
                if child["t"] in ("Para", "Plain"):
                    inlines += child["c"]
            out.append((ident.removeprefix("ref-"), len(out) + 1, _tidy(_inlines(inlines, entry=True))))
    return out


def _inlines(nodes: Any, entry: bool = False) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        kind, content = node["t"], node.get("c", [])
        if kind == "Str":
            out.append(Text(content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(Text(" "))
        elif kind == "Emph":
            out.append(Emph(tuple(_tidy(_inlines(content)))))
        elif kind == "Strong":
            out.append(Strong(tuple(_tidy(_inlines(content)))))
        elif kind == "Strikeout":
            out.append(Strike(tuple(_tidy(_inlines(content)))))
        elif kind in ("Underline", "Superscript", "Subscript", "SmallCaps", "Cite"):
            out += _inlines(content[-1] if kind == "Cite" else content)
        elif kind == "Quoted":
            left, right = QUOTES[content[0]["t"]]
            out += [Text(left), *_inlines(content[1]), Text(right)]
        elif kind == "Code":
            out.append(Text(content[1]))
        elif kind == "Link":
            children, (href, _title) = _inlines(content[1]), content[2]
            if href.startswith(SAFE_SCHEMES):
                out.append(Link(href, tuple(_tidy(children))))
            else:
                out += children
        elif kind == "Span":
            (_, classes, _), children = content
            if entry and "csl-left-margin" in classes:
                continue
            out += _inlines(children)
    return out


def _tidy(nodes: list[Inline]) -> list[Inline]:
    out = merge_text([n for n in nodes if not (isinstance(n, Text) and not n.text)])
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return out
