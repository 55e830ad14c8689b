"""``sitemap.xml`` (sitemaps.org 0.9): the index and every article page, with its last date.

Imports from existing modules: none (lxml only).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from medpub.catalog.task import Entry

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(entries: Sequence[Entry], base_url: str, index_name: str = "index.html") -> bytes:
    """The sitemap of a catalog whose files are published under ``base_url`` (ending in ``/``)."""
    root = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap={None: NAMESPACE})
    dates = [e.updated for e in entries if e.updated]
    _url(root, base_url + index_name, max(dates).isoformat() if dates else None)
    for entry in entries:
        page = entry.files.get("html") or entry.files.get("pdf") or entry.files.get("epub")
        if page:
            _url(root, base_url + page, entry.updated.isoformat() if entry.updated else None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _url(root: etree._Element, loc: str, lastmod: str | None) -> None:
    url = etree.SubElement(root, f"{{{NAMESPACE}}}url")
    etree.SubElement(url, f"{{{NAMESPACE}}}loc").text = loc
    if lastmod:
        etree.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = lastmod
