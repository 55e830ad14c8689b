"""SVG images made safe to embed: an allow-list of elements and attributes, nothing external.

An SVG is a program as much as a picture: it can carry ``<script>``, ``on…`` handlers,
``<foreignObject>`` HTML and references to other files or web addresses, which the web
page, the e-book and the PDF would all load. Only drawing elements and presentation
attributes survive; links may only point inside the same file (``#id``). The parser
resolves no entity, loads no DTD and reads no network address.
"""

from __future__ import annotations

import re
from typing import Any

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood",
    "feComposite", "feMerge", "feMergeNode", "feColorMatrix", "metadata",
})
ATTRIBUTES = frozenset({
    "id", "class", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d",
    "points", "viewBox", "preserveAspectRatio", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "dx", "dy", "rotate",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "fx", "fy", "clip-path", "clip-rule", "mask", "patternUnits", "patternTransform", "markerWidth",
    "markerHeight", "refX", "refY", "orient", "markerUnits", "marker-start", "marker-mid", "marker-end",
    "filter", "stdDeviation", "in", "in2", "result", "mode", "operator", "values", "type",
    "flood-color", "flood-opacity", "role", "aria-label", "aria-labelledby", "aria-describedby",
    "lang", "version", "visibility", "display", "color", "vector-effect", "style", "href",
})
#: a CSS url() that leaves the file, or CSS that loads something
UNSAFE_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(|javascript:", re.I)


class SvgProblem(ValueError):
    """The file is not an SVG image that can be embedded; the message says why."""


def sanitise_svg(data: bytes) -> bytes:
    """``data`` with everything outside the allow-list removed (raises SvgProblem)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgProblem(f"not a readable SVG file: {exc.msg or exc}") from None
    if root is None or etree.QName(root).localname != "svg" or etree.QName(root).namespace != SVG:
        raise SvgProblem("not an SVG image: the root element must be <svg> in the SVG namespace")
    for node in list(root.iter(etree.Entity)):  # unexpanded entity references (no DTD is read)
        _remove(node)
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if name.namespace != SVG or name.localname not in ELEMENTS:
            _remove(element)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            name = etree.QName(attribute)
            value = element.attrib[attribute]
            local = name.localname
            namespace_ok = name.namespace in (None, XLINK) if local == "href" else name.namespace is None
            keep = (namespace_ok and local in ATTRIBUTES and not local.lower().startswith("on")
                    and not (local == "href" and not value.strip().startswith("#"))
                    and not UNSAFE_CSS.search(value))
            if not keep:
                del element.attrib[attribute]
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _remove(node: Any) -> None:
    """Take ``node`` out of the tree, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
