"""Compare medpub's formatted references with Pandoc's citeproc, entry by entry and citation by citation.

The reference side runs Pandoc 3 (the ``pypandoc-binary`` wheel) on a Markdown document
with ``--citeproc -t html``: an independent path from medpub's (which reads Pandoc's JSON
tree or runs citeproc-py), so the comparison also checks medpub's conversion to nodes.
Both sides are reduced to text with italics marked ``*...*``, whitespace and quotes normalised.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from medpub.model.document import Emph, Inline, Link, Strike, Strong, Text
from medpub.readers.csl import find_style, load_bibliography
from medpub.transforms.csl import CiteRequest, process

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "corpus.yaml"
STYLES = ("apa", "american-medical-association", "vancouver")


def clusters_for(ids: list[str]) -> list[list[CiteRequest]]:
    """Each work cited alone, then the groups and modes that exercise grouping, collapsing and narrative cites."""
    groups = [["bai2023", "mineo2024", "adeyemi2021"], ["jones2020a", "jones2020b"], ["smithja2023", "smithm2023"],
              ["kim2020a", "kim2020b", "kimsingle2020"], ["dowd2018", "dowd2016", "dowd2017"],
              ["mineo2024", "bai2023"], ["patel2022", "six2019", "consortium2020", "nursing2018"],
              ["lange2019", "berg2021"], ["noauthor2023", "noauthornodate"], ["mayo2024", "whofact", "nice2022"]]
    out = [[CiteRequest(i)] for i in ids]
    out += [[CiteRequest(i) for i in group] for group in groups]
    out += [[CiteRequest("adeyemi2021", mode="narrative")], [CiteRequest("noauthor2023", mode="narrative")],
            [CiteRequest("bai2023", suffix=", p. 33")], [CiteRequest("stahl2021", prefix="see", suffix=", chapter 3")],
            [CiteRequest("lange2019", mode="narrative")], [CiteRequest("inpress", mode="suppress-author")]]
    return out


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    text = re.sub(r"\*\s*\*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def flatten(nodes: tuple[Inline, ...] | list[Inline]) -> str:
    out = []
    for node in nodes:
        match node:
            case Text(text):
                out.append(text)
            case Emph(children):
                out.append(f"*{flatten(children)}*")
            case Strong(children) | Strike(children) | Link(_, children, _):
                out.append(flatten(children))
    return "".join(out)


def _html_flatten(element) -> str:
    out = [element.text or ""]
    for child in element:
        inner = _html_flatten(child)
        out.append(f"*{inner}*" if child.tag in ("em", "i") else inner)
        out.append(child.tail or "")
    return "".join(out)


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def pandoc_reference(items: list[dict], style: Path, clusters: list[list[CiteRequest]]) -> tuple[dict, list[str]]:
    """Pandoc's own HTML output: ({id: entry text}, [citation text per cluster])."""
    def cite(c: CiteRequest) -> str:
        key = f"@{{{c.ref_id}}}"
        key = f"-{key}" if c.mode == "suppress-author" else key
        return f"{c.prefix + ' ' if c.prefix else ''}{key}{c.suffix}"

    paragraphs = []
    for cluster in clusters:
        if len(cluster) == 1 and cluster[0].mode == "narrative":
            paragraphs.append(f"@{{{cluster[0].ref_id}}}")
        else:
            paragraphs.append("[" + "; ".join(cite(c) for c in cluster) + "]")
    markdown = "---\nnocite: '[@*]'\nlang: en-US\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        bib = Path(folder) / "refs.json"
        bib.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run([_pandoc(), "-f", "markdown", "-t", "html", "--citeproc", f"--csl={style}",
                                 f"--bibliography={bib}"], input=markdown, capture_output=True, text=True,
                                check=True, timeout=120)
    tree = lxml_html.fromstring(f"<div>{result.stdout}</div>")
    citations = [normalise(_html_flatten(span)) for span in tree.xpath("//p/span[contains(@class,'citation')]")]
    entries = {}
    for div in tree.xpath("//div[contains(@class,'csl-entry')]"):
        for margin in div.xpath(".//div[contains(@class,'csl-left-margin')]"):
            margin.getparent().remove(margin)
        entries[div.get("id").removeprefix("ref-")] = normalise(_html_flatten(div))
    return entries, citations


@dataclass
class Comparison:
    style: str
    engine: str
    entries: dict[str, tuple[str, str]]     # id -> (medpub, pandoc)
    citations: list[tuple[str, str, str]]   # (cluster ids, medpub, pandoc)
    order_agrees: bool

    def entry_differences(self) -> dict[str, tuple[str, str]]:
        return {k: v for k, v in self.entries.items() if v[0] != v[1]}

    def citation_differences(self) -> list[tuple[str, str, str]]:
        return [c for c in self.citations if c[1] != c[2]]

    def entry_agreement(self) -> float:
        return 1 - len(self.entry_differences()) / len(self.entries)

    def citation_agreement(self) -> float:
        return 1 - len(self.citation_differences()) / len(self.citations)


def compare(style: str, engine: str = "pandoc") -> Comparison:
    items = load_bibliography(CORPUS)
    clusters = clusters_for([i["id"] for i in items])
    path = find_style(style)
    ours = process(items, path, "en-US", clusters, engine=engine)  # type: ignore[arg-type]
    # Pandoc gets the data as written: medpub's own fixes (prepare) show up as listed differences
    theirs_entries, theirs_citations = pandoc_reference(items, path, clusters)
    entries = {e.id: (normalise(flatten(e.parts)), theirs_entries.get(e.id, "<missing>")) for e in ours.entries}
    citations = [(" ".join(c.ref_id for c in cluster), normalise(flatten(ours.citations[n])), theirs_citations[n])
                 for n, cluster in enumerate(clusters)]
    return Comparison(style, ours.engine, entries, citations, [e.id for e in ours.entries] == list(theirs_entries))
