"""Formatted references kept between builds, so a rebuild does not start the CSL processor.

Formatting runs Pandoc's citeproc in a subprocess (~0.2–1.5 s); the result depends only on
the CSL items, the style file, the locale, the citation clusters and medpub's version, so
it is stored under a hash of those in medpub's cache folder, as JSON (never pickle: a cache
folder may be shared, and loading it must not run code). A damaged entry is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from medpub.model.document import Code, Emph, Inline, LineBreak, Link, SoftBreak, Strike, Strong, Text
from medpub.model.version import VERSION
from medpub.readers.csl.styles import style_info
from medpub.transforms.csl.model import CiteRequest, Processed, ProcessedEntry


def cache_key(items: list[dict[str, Any]], style: Path, locale: str,
              clusters: Sequence[Sequence[CiteRequest]], engine: str) -> str:
    digest = hashlib.sha256(json.dumps([VERSION, engine, locale, items,
                                        [[vars_of(c) for c in cluster] for cluster in clusters]],
                                       sort_keys=True, default=str).encode())
    digest.update(style.read_bytes())
    return digest.hexdigest()


def vars_of(request: CiteRequest) -> list[str]:
    return [request.ref_id, request.prefix, request.suffix, request.mode]


def cached(folder: Path | None, key: str, style: Path, compute: Callable[[], Processed]) -> Processed:
    """The processed references stored under ``key``, or ``compute()`` stored there."""
    path = folder / f"{key}.json" if folder else None
    if path is not None:
        try:
            return _load(json.loads(path.read_text(encoding="utf-8")), style)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    processed = compute()
    if path is not None:
        _store(path, _dump(processed))
    return processed


def _store(path: Path, data: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temp, path)
    except OSError:
        pass  # a read-only cache only costs time


def _dump(processed: Processed) -> dict[str, Any]:
    return {"engine": processed.engine,
            "entries": [{"id": e.id, "number": e.number, "parts": _inlines_out(e.parts),
                         "authors_spoken": e.authors_spoken, "year": e.year, "title": e.title, "source": e.source,
                         "site": e.site, "url": e.url} for e in processed.entries],
            "citations": [_inlines_out(c) for c in processed.citations]}


def _load(data: dict[str, Any], style: Path) -> Processed:
    entries = tuple(ProcessedEntry(id=e["id"], number=e["number"], parts=_inlines_in(e["parts"]),
                                   authors_spoken=e["authors_spoken"], year=e["year"], title=e["title"],
                                   source=e["source"], site=e["site"], url=e["url"]) for e in data["entries"])
    return Processed(style_info(style), entries, tuple(_inlines_in(c) for c in data["citations"]), data["engine"])


def _inlines_out(nodes: Sequence[Inline]) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        match node:
            case Text(text):
                out.append(text)
            case Code(text):
                out.append({"code": text})
            case Emph(children):
                out.append({"emph": _inlines_out(children)})
            case Strong(children):
                out.append({"strong": _inlines_out(children)})
            case Strike(children):
                out.append({"strike": _inlines_out(children)})
            case Link(href, children, _):
                out.append({"link": href, "children": _inlines_out(children)})
            case LineBreak() | SoftBreak():
                out.append(" ")
            case _:
                raise TypeError(f"a formatted reference holds no {type(node).__name__}")
    return out


def _inlines_in(data: list[Any]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in data:
        if isinstance(node, str):
            out.append(Text(node))
        elif "code" in node:
            out.append(Code(node["code"]))
        elif "emph" in node:
            out.append(Emph(_inlines_in(node["emph"])))
        elif "strong" in node:
            out.append(Strong(_inlines_in(node["strong"])))
        elif "strike" in node:
            out.append(Strike(_inlines_in(node["strike"])))
        elif "link" in node:
            out.append(Link(node["link"], _inlines_in(node["children"])))
        else:
            raise KeyError(node)
    return tuple(out)
