"""The start-up path of ``medpub build -f html`` imports only what the web page needs.

The command runs in a fresh process, as ``python -m medpub`` does, and reports every module
in ``sys.modules`` when it exits; so a new eager import anywhere on the path (a writer, a
voice, the plugin scan, the thread pool) fails here instead of slowing every build.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import msgspec

from medpub.model import article as model
from medpub.readers.load import _fields
from tests.conftest import EXAMPLE, ROOT

RUN_AND_REPORT = """
import atexit, json, runpy, sys
report = sys.argv.pop(1)
atexit.register(lambda: open(report, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "medpub"
runpy.run_module("medpub", run_name="__main__", alter_sys=True)
"""

#: not needed to write a web page; a prefix also matches its submodules
NOT_FOR_HTML = (
    "weasyprint", "pydyf", "ebooklib", "lxml", "PIL", "fontTools", "segno", "gtts", "requests", "miniaudio",
    "lameenc", "mutagen", "numpy", "onnxruntime", "hibari", "espeakng_loader", "rich",
    "importlib.metadata", "email", "concurrent.futures", "click", "medpub.readers.schema",
    "medpub.transforms.narration",
    "medpub.writers.pdf", "medpub.writers.epub", "medpub.writers.audio", "medpub.voices.neural",
    "medpub.voices.espeak", "medpub.voices.gtts", "medpub.voices.fake", "medpub.voices.base",
)


def imported_by(*args: str, cwd: Path) -> set[str]:
    """The modules a fresh ``python -m medpub ARGS`` has imported when it exits."""
    report = cwd / "modules.json"
    result = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, str(report), *args], capture_output=True,
                            text=True, cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                                     "XDG_CACHE_HOME": str(cwd / "cache")}, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return set(json.loads(report.read_text(encoding="utf-8")))


def _unwanted(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in NOT_FOR_HTML))


def test_html_build_imports_only_what_the_page_needs(tmp_path: Path) -> None:
    modules = imported_by("build", str(EXAMPLE), "-f", "html", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert {"medpub.writers.html", "jinja2", "markdown_it", "yaml"} <= modules  # the check sees the real path
    assert _unwanted(modules) == []
    assert (tmp_path / "out" / "ketamine-therapy.html").is_file()


def test_the_unwanted_list_would_catch_a_writer() -> None:
    assert _unwanted({"medpub.writers.pdf.writer", "weasyprint.css", "medpub.writers.html"}) == [
        "medpub.writers.pdf.writer", "weasyprint.css"]


def test_key_table_read_without_evaluating_annotations_matches_msgspec() -> None:
    for name in ("Article", "Author", "Publisher", "Review", "Name", "PartialDate", "Reference"):
        struct = getattr(model, name)
        expected = {f.encode_name: f.required for f in msgspec.structs.fields(struct)}
        assert _fields(struct) == expected, name


#: what an up-to-date check must not load: it answers before the article is parsed
NOT_FOR_A_STAMP_CHECK = (
    "click", "jinja2", "markdown_it", "yaml", "msgspec", "markupsafe", "weasyprint", "ebooklib", "lxml", "PIL", "numpy",
    "onnxruntime", "hibari", "gtts", "lameenc", "mutagen", "rich", "importlib.metadata", "concurrent.futures",
    "medpub.model.document", "medpub.model.article", "medpub.readers", "medpub.transforms", "medpub.locale.labels",
    "medpub.writers.fragments", "medpub.writers.templating", "medpub.writers.epub.book", "medpub.writers.pdf.pagemap",
)


def _unwanted_in(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_an_unchanged_rebuild_reads_no_article_and_loads_no_writer_library(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    imported_by("build", str(EXAMPLE), "-f", "html", "-o", out, cwd=tmp_path)
    modules = imported_by("build", str(EXAMPLE), "-f", "html", "-o", out, cwd=tmp_path)
    assert "medpub.builder.stamps" in modules
    assert _unwanted_in(modules, NOT_FOR_A_STAMP_CHECK) == []


def test_writer_classes_and_their_fingerprints_load_light() -> None:
    code = ("import sys; from medpub.writers import FORMATS, writer_class; from medpub.builder.stamps import make_key; "
            "from medpub.model.options import BuildOptions; "
            "[make_key(b'x', f, BuildOptions(formats=FORMATS)) for f in FORMATS]; "
            "print(' '.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    modules = set(result.stdout.split())
    assert {"medpub.writers.html", "medpub.writers.epub.writer", "medpub.writers.pdf.writer"} <= modules
    assert _unwanted_in(modules, NOT_FOR_A_STAMP_CHECK) == []
