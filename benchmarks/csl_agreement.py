"""Agreement of medpub's CSL engines with Pandoc 3's citeproc on the test corpus (figures for the README).

Run: python benchmarks/csl_agreement.py [pandoc] [citeproc-py] [debian-pandoc]
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from medpub.transforms.csl import pandoc_engine  # noqa: E402
from tests.csl.differential import STYLES, compare  # noqa: E402
from tests.csl.test_differential import KNOWN_ENTRY_DIFFERENCES  # noqa: E402


def main(engines: list[str]) -> None:
    for name in engines or ["pandoc", "citeproc-py"]:
        engine = name
        if name == "debian-pandoc":  # the pandoc on PATH instead of the wheel's
            pandoc_engine.pandoc_path.cache_clear()
            pandoc_engine.pandoc_path.__wrapped__ = lambda: shutil.which("pandoc")  # type: ignore[attr-defined]
            pandoc_engine.pandoc_path = lambda: shutil.which("pandoc")  # type: ignore[assignment]
            engine = "pandoc"
        for style in STYLES:
            start = time.perf_counter()
            result = compare(style, engine)
            entries, citations = result.entry_differences(), result.citation_differences()
            deliberate = set(entries) & set(KNOWN_ENTRY_DIFFERENCES[style])
            print(f"{name:14} {style:30} entries {len(result.entries) - len(entries)}/{len(result.entries)} "
                  f"({1 - (len(entries) - len(deliberate)) / len(result.entries):.1%} counting medpub's "
                  f"{len(deliberate)} deliberate fixes as agreeing) citations "
                  f"{len(result.citations) - len(citations)}/{len(result.citations)} "
                  f"({result.citation_agreement():.1%}) order {'same' if result.order_agrees else 'DIFFERENT'} "
                  f"{time.perf_counter() - start:.1f}s")
            if "-v" in sys.argv:
                for ref_id, (ours, theirs) in entries.items():
                    print(f"    {ref_id}\n      medpub: {ours}\n      pandoc: {theirs}")
                for ids, ours, theirs in citations:
                    print(f"    [{ids}] medpub: {ours} | pandoc: {theirs}")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("-")])
