"""Finishing touches to WeasyPrint's structure tree.

WeasyPrint links data cells to their header cells (``/Headers``) but gives header cells
no ``/Scope``; PDF/UA checkers and screen readers use it to tell column headers (in the
table head) from row headers (first cell of a body row, ``scope="row"`` in the HTML).
"""

from __future__ import annotations

from typing import Any

import pydyf


def add_table_scopes(document: Any, pdf: pydyf.PDF) -> None:
    """A WeasyPrint ``finisher``: set ``/Scope`` on every ``/TH`` structure element."""
    elements = {obj.number: obj for obj in pdf.objects
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"}

    def parent(element: pydyf.Dictionary) -> pydyf.Dictionary | None:
        reference = element.get("P")
        number = int(bytes(reference).split()[0]) if reference is not None else None
        return elements.get(number) if number is not None else None

    for element in elements.values():
        if element.get("S") != "/TH":
            continue
        row = parent(element)
        group = parent(row) if row is not None else None
        scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = pydyf.Dictionary({"O": "/Table"})
            element["A"] = attributes
        attributes["Scope"] = scope
