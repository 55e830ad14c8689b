"""Make the EPUB container reproducible and finish what EbookLib leaves out.

EbookLib stamps every zip entry with the current time and gives ``<package>`` no
``xml:lang``. The book is rewritten entry by entry: ``mimetype`` first and stored (OCF),
then the rest in EbookLib's order, every entry with the same fixed time and attributes,
and the package document patched on the way.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

Patch = Callable[[bytes], bytes]


#: entries that are compressed already: deflating them again costs time (a narration's MP3 is
#: megabytes) and saves nothing, so they are stored
COMPRESSED = (".mp3", ".m4a", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")


def rewrite(source: Path, target: Path, when: dt.datetime, patches: dict[str, Patch] | None = None) -> None:
    """Copy the zip ``source`` to ``target`` with fixed entry times and ``patches`` applied."""
    patches = patches or {}
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(source) as old:
        names = old.namelist()
        ordered = ["mimetype"] + [n for n in names if n != "mimetype"]
        with zipfile.ZipFile(target, "w") as new:
            for name in ordered:
                data = old.read(name)
                if name in patches:
                    data = patches[name](data)
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3
                info.external_attr = 0o644 << 16
                if name == "mimetype" or name.lower().endswith(COMPRESSED):
                    info.compress_type = zipfile.ZIP_STORED
                    new.writestr(info, data)
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    new.writestr(info, data, compresslevel=9)


def package_language(language: str, direction: str | None = None) -> Patch:
    """A patch adding ``xml:lang`` (and ``dir`` for right-to-left books) to ``<package>``."""

    def patch(data: bytes) -> bytes:
        from lxml import etree

        root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
        root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        if direction == "rtl":
            root.set("dir", "rtl")
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)

    return patch


def ncx_pages(depth: int, pages: list[tuple[int, str]], label: str) -> Patch:
    """A patch giving EbookLib's NCX its real depth and a ``pageList`` for EPUB 2 readers."""

    def patch(data: bytes) -> bytes:
        from lxml import etree

        ns = "http://www.daisy.org/z3986/2005/ncx/"
        root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
        values = {"dtb:depth": depth, "dtb:totalPageCount": len(pages),
                  "dtb:maxPageNumber": max((n for n, _ in pages), default=0)}
        for meta in root.iter(f"{{{ns}}}meta"):
            if meta.get("name") in values:
                meta.set("content", str(values[meta.get("name")]))
        if pages:
            page_list = etree.SubElement(root, f"{{{ns}}}pageList")
            etree.SubElement(etree.SubElement(page_list, f"{{{ns}}}navLabel"), f"{{{ns}}}text").text = label
            for number, href in pages:
                target = etree.SubElement(page_list, f"{{{ns}}}pageTarget",
                                          {"id": f"page-target-{number}", "type": "normal", "value": str(number)})
                etree.SubElement(etree.SubElement(target, f"{{{ns}}}navLabel"), f"{{{ns}}}text").text = str(number)
                etree.SubElement(target, f"{{{ns}}}content", {"src": href})
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)

    return patch
