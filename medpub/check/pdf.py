"""PDF checks: the failure conditions of the Matterhorn Protocol 1.02 (PDF/UA-1) a program can
decide by reading the file, and bookmarks.

What this covers and what it cannot: :data:`CONDITIONS` are decided here with pikepdf (the
structure tree and its role map, marked content against artifacts, metadata, language,
figure alternatives, headings, table and list structure, fonts and their Unicode mapping,
annotations and tab order, encryption). :data:`HUMAN` lists the checkpoints whose failure
conditions need a person (is the alternative text right, is the reading order logical,
is the contrast enough...); every report repeats that list so nobody takes the machine
checks for the whole of PDF/UA.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import tools
from .model import Finding, Outcome, Status

if TYPE_CHECKING:
    import pikepdf

    from .registry import Target

#: ISO 32000-1 standard structure types (Table 333 to 338)
STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl "
    "LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP "
    "Warichu WT WP Figure Formula Form".split())
#: where an element may appear: type -> allowed parent types (ISO 32000-1 Tables 336 to 337)
PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
    "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
    "LI": {"L"}, "Lbl": {"LI", "TOCI", "BibEntry", "Note"}, "LBody": {"LI"}, "TOCI": {"TOC"},
}
TEXT_OPS = frozenset({"Tj", "TJ", "'", '"'})
PAINT_OPS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"})
SIMPLE_ENCODINGS = frozenset({"/WinAnsiEncoding", "/MacRomanEncoding", "/MacExpertEncoding", "/StandardEncoding"})
#: shown at most this many times per condition; the count is always given
MAX_SHOWN = 10

#: (Matterhorn failure condition or ISO 14289-1 clause, what fails)
CONDITIONS: dict[str, str] = {
    "7.1 (structure)": "The document has no structure tree (StructTreeRoot) or is not marked (MarkInfo /Marked true)",
    "01-003": "Content marked as Artifact is present inside tagged content",
    "01-004": "Tagged content is present inside content marked as Artifact",
    "01-005": "Content is neither marked as Artifact nor tagged as real content",
    "01-007": "The MarkInfo dictionary's Suspects entry is true",
    "02-001": "A non-standard structure type is not mapped to a standard type",
    "02-003": "A circular role mapping exists",
    "02-004": "A standard structure type is remapped",
    "06-001": "The document has no XMP metadata stream",
    "06-002": "The XMP metadata does not include the PDF/UA identifier (pdfuaid:part)",
    "06-003": "The XMP metadata does not contain dc:title",
    "07-001": "ViewerPreferences has no DisplayDocTitle entry",
    "07-002": "ViewerPreferences has DisplayDocTitle false",
    "09-004": "A table element (TR, TH, TD, THead, TBody, TFoot) is used outside its place",
    "09-005": "A list element (LI, Lbl, LBody) is used outside its place",
    "09-006": "A TOCI element is not inside a TOC",
    "10-001": "A font has no ToUnicode map and no standard encoding (text cannot be extracted)",
    "11-001": "The natural language of the document cannot be determined (no /Lang in the catalog)",
    "13-004": "A Figure has neither Alt nor ActualText",
    "14-002": "Numbered headings are used but the first is not H1",
    "14-003": "Numbered heading levels are skipped (an H3 directly after an H1)",
    "15-003": "A table header cell (TH) has no Scope attribute",
    "17-002": "A Formula has no Alt",
    "19-003": "A Note has no ID",
    "26-002": "The file is encrypted without permission for assistive technology (P bit 10)",
    "28-008": "A page with annotations has no Tabs entry",
    "28-009": "A page with annotations has a Tabs entry other than /S",
    "28-011": "A link annotation is not nested in a Link structure element",
    "28-012": "A link annotation has no alternate description in its Contents entry",
    "31-009": "A font program is not embedded",
}
#: Matterhorn checkpoints (or their parts) that need human judgement
HUMAN: dict[str, str] = {
    "01": "Real content is tagged as real content, artifacts as artifacts (01-001, 01-002, 01-006)",
    "03": "Flickering",
    "04": "Colour and contrast: information not by colour alone, enough contrast",
    "05": "Sound",
    "06": "The title identifies the document (06-004)",
    "08": "OCR validation",
    "09": "Tags match the semantics of the content; reading order (09-001 to 09-003)",
    "11": "The declared language is the right one (11-007)",
    "12": "Stretched characters",
    "13": "Graphics: which are figures, whether the alternative text describes them (13-001 to 13-003, 13-005 to 13-008)",
    "14": "Headings reflect the document's structure (14-001, 14-004, 14-005)",
    "15": "Tables: header cells, regularity, summaries (15-001, 15-002, 15-004, 15-005)",
    "16": "Lists: items tagged as lists, labels (16-001 to 16-003)",
    "17": "Mathematical expressions (17-001)",
    "18": "Page headers and footers are artifacts",
    "19": "Notes and references (19-001, 19-002)",
    "27": "Navigation is usable",
    "31": "Glyph-level font conditions that need the font program (31-011 and others)",
}


@dataclass
class _Audit:
    """Failures found so far, by condition."""

    failures: dict[str, list[str]] = field(default_factory=dict)
    #: the document's role map (custom type -> type)
    roles: dict[str, str] = field(default_factory=dict)

    def fail(self, condition: str, message: str) -> None:
        self.failures.setdefault(condition, []).append(message)


def check_pdf_ua(target: Target) -> Outcome:
    tools.module("pikepdf", "pip install pikepdf")
    import pikepdf

    with pikepdf.open(target.files["pdf"]) as pdf:
        audit = _Audit(roles=_role_map(pdf))
        for step in STEPS:
            step(pdf, audit)
    findings = [Finding(f"{CONDITIONS[c]}: {m}", "fail", None, c)
                for c, messages in audit.failures.items() for m in messages[:MAX_SHOWN]]
    checkpoints = [{"id": c, "condition": text, "status": "fail" if c in audit.failures else "pass",
                    "count": len(audit.failures.get(c, []))} for c, text in CONDITIONS.items()]
    details: dict[str, Any] = {"checkpoints": checkpoints,
                               "human": [{"id": c, "checkpoint": text} for c, text in HUMAN.items()]}
    failed = len(audit.failures)
    summary = (f"{failed} of {len(CONDITIONS)} machine-checkable conditions fail" if failed
               else f"all {len(CONDITIONS)} machine-checkable conditions pass; {len(HUMAN)} checkpoints need a person")
    return Outcome(Status.FAIL if failed else Status.PASS, summary, findings,
                   tools.package_version("pikepdf"), details)


def check_bookmarks(target: Target) -> Outcome:
    """Bookmarks (outlines) when the document has headings: PDF/UA-1 7.17 and WCAG 2.4.5."""
    tools.module("pikepdf", "pip install pikepdf")
    import pikepdf

    with pikepdf.open(target.files["pdf"]) as pdf:
        roles = _role_map(pdf)
        headings = sum(1 for e, _ in _elements(pdf) if _role(roles, e).startswith("H"))
        with pdf.open_outline() as outline:
            titles = [item.title for item in _outline_items(outline.root)]
    version = tools.package_version("pikepdf")
    if headings > 1 and not titles:
        return Outcome(Status.FAIL, f"no bookmarks, though the document has {headings} headings",
                       [Finding("The PDF has headings but no bookmarks (outline) to navigate by")], version)
    empty = [n for n, t in enumerate(titles, 1) if not (t or "").strip()]
    if empty:
        return Outcome(Status.FAIL, f"{len(empty)} bookmark(s) without a title",
                       [Finding(f"Bookmark {n} has no title") for n in empty], version)
    return Outcome(Status.PASS, f"{len(titles)} bookmarks" + (f" for {headings} headings" if headings else ""), [],
                   version,
                   {"bookmarks": titles})


def _outline_items(items: Any) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _outline_items(item.children)


def _name(value: Any) -> str:
    return str(value)[1:] if str(value).startswith("/") else str(value)


def _role_map(pdf: pikepdf.Pdf) -> dict[str, str]:
    tree = pdf.Root.get("/StructTreeRoot")
    mapping = tree.get("/RoleMap") if tree is not None else None
    return {_name(k): _name(v) for k, v in mapping.items()} if mapping is not None else {}


def _role(mapping: dict[str, str], element: Any) -> str:
    """The standard type an element stands for, after following the role map (at most 16 steps)."""
    name = _name(element.get("/S"))
    for _ in range(16):
        if name in STANDARD_TYPES or name not in mapping:
            return name
        name = mapping[name]
    return name


def _elements(pdf: pikepdf.Pdf) -> Iterator[tuple[Any, Any]]:
    """Every structure element with its parent element (None under the root), in document order."""
    import pikepdf

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    stack: list[tuple[Any, Any]] = [(k, None) for k in reversed(_kids(tree))]
    seen: set[tuple[int, int]] = set()
    while stack:
        node, parent = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node, parent
        stack.extend((k, node) for k in reversed(_kids(node)))


def _kids(node: Any) -> list[Any]:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _attributes(element: Any) -> list[Any]:
    import pikepdf

    value = element.get("/A")
    items = list(value) if isinstance(value, pikepdf.Array) else [value] if value is not None else []
    return [a for a in items if isinstance(a, pikepdf.Dictionary)]


def _structure(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    root = pdf.Root
    if "/StructTreeRoot" not in root:
        audit.fail("7.1 (structure)", "the catalog has no StructTreeRoot: the PDF is not tagged")
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        audit.fail("7.1 (structure)", "MarkInfo /Marked is missing or false")
    if mark is not None and bool(mark.get("/Suspects", False)):
        audit.fail("01-007", "MarkInfo /Suspects is true")


def _roles(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    mapping = audit.roles
    for source in mapping:
        if source in STANDARD_TYPES:
            audit.fail("02-004", f"/{source} is remapped to /{mapping[source]}")
        name, steps = source, 0
        while name in mapping and steps <= len(mapping):
            name, steps = mapping[name], steps + 1
        if steps > len(mapping):
            audit.fail("02-003", f"/{source} maps round in a circle")
    for element, _ in _elements(pdf):
        if _role(audit.roles, element) not in STANDARD_TYPES:
            audit.fail("02-001", f"/{_name(element.get('/S'))} does not map to a standard type")


def _metadata(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    if "/Metadata" not in pdf.Root:
        audit.fail("06-001", "no /Metadata stream in the catalog")
    else:
        meta = pdf.open_metadata()
        if not meta.get("pdfuaid:part"):
            audit.fail("06-002", "pdfuaid:part is missing")
        if not str(meta.get("dc:title") or "").strip():
            audit.fail("06-003", "dc:title is missing or empty")
    prefs = pdf.Root.get("/ViewerPreferences")
    if prefs is None or "/DisplayDocTitle" not in prefs:
        audit.fail("07-001", "no DisplayDocTitle")
    elif not bool(prefs.DisplayDocTitle):
        audit.fail("07-002", "DisplayDocTitle is false")
    if not str(pdf.Root.get("/Lang", "")).strip():
        audit.fail("11-001", "the catalog has no /Lang")
    if pdf.is_encrypted and not pdf.allow.accessibility:
        audit.fail("26-002", "assistive technology may not extract the content")


def _tags(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    previous = 0
    first = True
    for element, parent in _elements(pdf):
        role = _role(audit.roles, element)
        parent_role = _role(audit.roles, parent) if parent is not None else "StructTreeRoot"
        if role in PARENTS and parent_role not in PARENTS[role]:
            condition = "09-006" if role == "TOCI" else "09-005" if role in ("LI", "Lbl", "LBody") else "09-004"
            if not (role == "Lbl" and condition == "09-005" and parent_role in PARENTS["Lbl"]):
                audit.fail(condition, f"/{role} inside /{parent_role}")
        if role == "Figure" and not (element.get("/Alt") or element.get("/ActualText")):
            audit.fail("13-004", f"a Figure{_page_of(pdf, element)} has no Alt")
        if role == "Formula" and not element.get("/Alt"):
            audit.fail("17-002", f"a Formula{_page_of(pdf, element)} has no Alt")
        if role == "Note" and not element.get("/ID"):
            audit.fail("19-003", "a Note has no ID")
        if role == "TH" and not any("/Scope" in a or "/Headers" in a for a in _attributes(element)):
            audit.fail("15-003", f"a TH{_page_of(pdf, element)} has no /Scope")
        if len(role) == 2 and role[0] == "H" and role[1].isdigit():
            level = int(role[1])
            if first and level != 1:
                audit.fail("14-002", f"the first heading is /{role}")
            if level > previous + 1 and not first:
                audit.fail("14-003", f"/{role} follows /H{previous}")
            previous, first = level, False


def _page_of(pdf: pikepdf.Pdf, element: Any) -> str:
    page = element.get("/Pg")
    if page is None:
        return ""
    for number, candidate in enumerate(pdf.pages, 1):
        if candidate.obj.objgen == page.objgen:
            return f" on page {number}"
    return ""


def _fonts(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        resources: Any = page.obj.get("/Resources") or {}
        fonts: Any = resources.get("/Font") or {}
        for _, font in fonts.items():
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            name = _name(font.get("/BaseFont", "?"))
            subtype = _name(font.get("/Subtype"))
            descendant = font.DescendantFonts[0] if subtype == "Type0" else font
            descriptor = descendant.get("/FontDescriptor")
            if subtype != "Type3" and (descriptor is None or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))):
                audit.fail("31-009", f"{name} (page {number}) is not embedded")
            if "/ToUnicode" not in font:
                encoding = font.get("/Encoding")
                simple = subtype in ("Type1", "TrueType", "MMType1") and (
                    str(encoding) in SIMPLE_ENCODINGS or (encoding is not None and "/Differences" in encoding
                                                          and str(encoding.get("/BaseEncoding")) in SIMPLE_ENCODINGS))
                if not simple:
                    audit.fail("10-001", f"{name} (page {number}) has no ToUnicode map")


def _content(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    """Marked content against artifacts, page by page (text, painting, images and forms)."""
    import pikepdf

    if "/StructTreeRoot" not in pdf.Root:
        return
    for number, page in enumerate(pdf.pages, 1):
        resources: Any = page.obj.get("/Resources") or {}
        properties: Any = resources.get("/Properties") or {}
        stack: list[str] = []
        untagged = 0
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            op = str(operator)
            if op in ("BMC", "BDC"):
                tag = _name(operands[0])
                props = operands[1] if op == "BDC" else None
                if isinstance(props, pikepdf.Name):
                    props = properties.get(props)
                kind = "artifact" if tag == "Artifact" else \
                    "content" if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else "other"
                if kind == "artifact" and "content" in stack:
                    audit.fail("01-003", f"page {number}: an artifact inside tagged content")
                if kind == "content" and "artifact" in stack:
                    audit.fail("01-004", f"page {number}: tagged content inside an artifact")
                stack.append(kind)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif (op in TEXT_OPS or op in PAINT_OPS) and "artifact" not in stack and "content" not in stack:
                untagged += 1
        if untagged:
            audit.fail("01-005", f"page {number}: {untagged} drawing or text operation(s) neither tagged nor artifact")


def _annotations(pdf: pikepdf.Pdf, audit: _Audit) -> None:
    import pikepdf

    tree = pdf.Root.get("/StructTreeRoot")
    parents = pikepdf.NumberTree(tree.ParentTree) if tree is not None and "/ParentTree" in tree else None
    for number, page in enumerate(pdf.pages, 1):
        annotations: Any = page.obj.get("/Annots") or []
        if not len(annotations):
            continue
        tabs = page.obj.get("/Tabs")
        if tabs is None:
            audit.fail("28-008", f"page {number}")
        elif str(tabs) != "/S":
            audit.fail("28-009", f"page {number} has /Tabs {tabs}")
        for annotation in annotations:
            if str(annotation.get("/Subtype")) != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                audit.fail("28-012", f"a link on page {number}")
            key = annotation.get("/StructParent")
            if key is not None and parents is not None:
                element = parents.get(int(key))
                if element is None or _role(audit.roles, element) != "Link":
                    audit.fail("28-011", f"a link on page {number}")


STEPS: tuple[Callable[[Any, _Audit], None], ...] = (_structure, _roles, _metadata, _tags, _fonts, _content,
                                                      _annotations)
