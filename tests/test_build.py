"""The build pipeline: atomic outputs, failures that keep earlier outputs, up-to-date skips."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import medpub
from medpub import writers
from medpub.builder.build import build
from medpub.model.errors import BuildError
from medpub.writers import Writer
from medpub.writers.artifacts import Artifact, MissingArtifact
from tests.conftest import EXAMPLE

CALLS: list[str] = []


class CountingWriter(Writer):
    name = "count"
    outputs = {"count": ".txt", "count-extra": ".extra"}
    fail = False

    def write(self, document, targets, context) -> None:
        CALLS.append(document.article.title)
        targets["count"].write_text("first half", encoding="utf-8")
        if self.fail:
            raise RuntimeError("disk on fire")
        targets["count-extra"].write_text("second", encoding="utf-8")


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, the stamps included."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(writers.REGISTRY.builtin, "count", f"{__name__}:CountingWriter")
    CALLS.clear()
    CountingWriter.fail = False
    return CountingWriter


@pytest.fixture
def article_copy(tmp_path: Path) -> Path:
    target = tmp_path / "src" / "a.md"
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    return target


def test_outputs_are_renamed_into_place(counting, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = build(medpub.load(article_copy), out, ["count"])
    assert paths == {"count": out / "ketamine-therapy.txt", "count-extra": out / "ketamine-therapy.extra"}
    assert sorted(p.name for p in out.iterdir()) == [".medpub-stamps", "ketamine-therapy.extra",
                                                      "ketamine-therapy.txt"]


def test_failed_build_leaves_no_partial_file_and_keeps_the_earlier_output(counting, article_copy: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["count"])
    before = {p.relative_to(out): p.read_bytes() for p in _files(out)}
    counting.fail = True
    with pytest.raises(BuildError, match="disk on fire"):
        build(medpub.load(article_copy), out, ["count"], force=True)
    assert {p.relative_to(out): p.read_bytes() for p in _files(out)} == before


def test_unchanged_rebuild_is_skipped_and_a_change_rebuilds(counting, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["count"])
    build(medpub.load(article_copy), out, ["count"])
    assert len(CALLS) == 1
    article_copy.write_text(article_copy.read_text(encoding="utf-8").replace("ketamine.", "ketamine!"),
                            encoding="utf-8")
    build(medpub.load(article_copy), out, ["count"])
    assert len(CALLS) == 2
    build(medpub.load(article_copy), out, ["count"], force=True)
    assert len(CALLS) == 3


def test_a_touched_output_is_rebuilt(counting, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["count"])
    (out / "ketamine-therapy.txt").write_text("edited by hand", encoding="utf-8")
    build(medpub.load(article_copy), out, ["count"])
    assert len(CALLS) == 2


def test_options_are_part_of_the_fingerprint(counting, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["count"])
    build(medpub.load(article_copy), out, ["count"], options=medpub.BuildOptions(paper="letter"))
    assert len(CALLS) == 2


def test_unknown_format() -> None:
    with pytest.raises(medpub.MedpubError, match="unknown format 'docx'"):
        build(medpub.load(EXAMPLE), "unused", ["docx"])


def test_cli_skips_an_unchanged_rebuild_before_parsing(article_copy: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from medpub.cli import main

    out = tmp_path / "out"
    assert main(["build", str(article_copy), "-o", str(out), "-f", "html", "-q"]) == 0
    first = (out / "ketamine-therapy.html").stat().st_mtime_ns

    def no_parsing(*args, **kwargs):
        raise AssertionError("an up-to-date build must not load the article")

    import sys

    monkeypatch.setattr(sys.modules["medpub.readers.load"], "load", no_parsing)
    assert main(["build", str(article_copy), "-o", str(out), "-f", "html", "-q"]) == 0
    assert (out / "ketamine-therapy.html").stat().st_mtime_ns == first
    monkeypatch.undo()
    article_copy.write_text(article_copy.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert main(["build", str(article_copy), "-o", str(out), "-f", "html", "-q"]) == 0
    assert "One more line." in (out / "ketamine-therapy.html").read_text(encoding="utf-8")


def test_a_changed_image_triggers_a_rebuild(counting, article_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    article = article_dir / "rich-article.md"
    build(medpub.load(article), out, ["count"])
    build(medpub.load(article), out, ["count"])
    assert len(CALLS) == 1
    image = article_dir / "response-rates.png"
    image.write_bytes(image.read_bytes() + b"\0")
    build(medpub.load(article), out, ["count"])
    assert len(CALLS) == 2


ORDER: list[str] = []


@dataclass(frozen=True)
class Made(Artifact):
    """What the first writer hands to the second: one dataclass is a new artifact."""

    producer = "first"
    text: str


class FirstWriter(Writer):
    name = "first"
    outputs = {"first": ".first"}

    def write(self, document, targets, context) -> None:
        import time

        time.sleep(0.2)
        ORDER.append("first")
        context.artifacts.put(Made("made"))
        targets["first"].write_text("1", encoding="utf-8")


class SecondWriter(Writer):
    name = "second"
    outputs = {"second": ".second"}
    after = ("first",)

    def write(self, document, targets, context) -> None:
        ORDER.append("second")
        targets["second"].write_text(context.artifacts.get(Made).text, encoding="utf-8")


class BrokenWriter(Writer):
    name = "broken"
    outputs = {"broken": ".broken"}

    def write(self, document, targets, context) -> None:
        ORDER.append("broken")
        targets["broken"].write_text("half", encoding="utf-8")
        raise RuntimeError("broken on purpose")


class AfterBrokenWriter(SecondWriter):
    name = "after-broken"
    outputs = {"after-broken": ".after"}
    after = ("broken",)


class LateReaderWriter(Writer):
    """Reads the first writer's artifact only at its end: may start while the first still runs."""

    name = "late"
    outputs = {"late": ".late"}
    waits_for = ("first",)
    reads: type[Artifact] = Made

    def write(self, document, targets, context) -> None:
        ORDER.append("late started")
        made = context.artifacts.wait(self.reads)
        ORDER.append("late read")
        targets["late"].write_text(made.text if made else "none", encoding="utf-8")


class BrokenProducerWriter(Writer):
    name = "broken-producer"
    outputs = {"broken-producer": ".bp"}

    def write(self, document, targets, context) -> None:
        import time

        time.sleep(0.2)
        ORDER.append("broken")
        targets["broken-producer"].write_text("half", encoding="utf-8")
        raise RuntimeError("broken on purpose")


@dataclass(frozen=True)
class NeverMade(Artifact):
    producer = "broken-producer"


class LateAfterBrokenWriter(LateReaderWriter):
    name = "late-after-broken"
    outputs = {"late-after-broken": ".lab"}
    waits_for = ("broken-producer",)
    reads = NeverMade


@pytest.fixture
def scheduled(monkeypatch: pytest.MonkeyPatch):
    for name, cls in (("first", "FirstWriter"), ("second", "SecondWriter"), ("broken", "BrokenWriter"),
                      ("after-broken", "AfterBrokenWriter"), ("late", "LateReaderWriter"),
                      ("broken-producer", "BrokenProducerWriter"), ("late-after-broken", "LateAfterBrokenWriter")):
        monkeypatch.setitem(writers.REGISTRY.builtin, name, f"{__name__}:{cls}")
    ORDER.clear()


def test_writers_wait_for_what_they_come_after(scheduled, article_copy: Path, tmp_path: Path) -> None:
    paths = build(medpub.load(article_copy), tmp_path / "out", ["second", "first"])
    assert ORDER == ["first", "second"]
    assert list(paths) == ["first", "second"]
    assert paths["second"].read_text(encoding="utf-8") == "made"


def test_an_artifact_whose_producer_did_not_run_is_a_clear_error(scheduled, article_copy: Path,
                                                                 tmp_path: Path) -> None:
    with pytest.raises(MissingArtifact, match="Made is made by the 'first' writer, which has not run in this build"):
        build(medpub.load(article_copy), tmp_path / "out", ["second"])
    assert not (tmp_path / "out" / "ketamine-therapy.second").exists()


def test_one_failing_writer_does_not_stop_the_others(scheduled, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    each = medpub.BuildOptions(publish="each")
    with pytest.raises(BuildError, match="broken on purpose"):
        build(medpub.load(article_copy), out, ["first", "second", "broken"], options=each)
    assert sorted(ORDER) == ["broken", "first", "second"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "ketamine-therapy.first", "ketamine-therapy.second"]


def test_outputs_are_published_together_or_not_at_all(scheduled, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["first", "second"])
    before = {p.relative_to(out): (p.read_bytes(), p.stat().st_ino) for p in _files(out)}
    with pytest.raises(BuildError, match="broken on purpose"):
        build(medpub.load(article_copy), out, ["first", "second", "broken"], force=True)
    assert sorted(ORDER) == ["broken", "first", "first", "second", "second"]
    assert {p.relative_to(out): (p.read_bytes(), p.stat().st_ino) for p in _files(out)} == before  # nothing replaced


def test_a_writer_after_a_failed_one_is_not_run(scheduled, article_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="broken on purpose"):
        build(medpub.load(article_copy), tmp_path / "out", ["broken", "after-broken"])
    assert ORDER == ["broken"]
    assert not (tmp_path / "out" / "ketamine-therapy.after").exists()


def test_a_late_reader_starts_while_its_producer_runs_and_gets_the_artifact(scheduled, article_copy: Path,
                                                                            tmp_path: Path) -> None:
    paths = build(medpub.load(article_copy), tmp_path / "out", ["late", "first"])
    assert ORDER == ["late started", "first", "late read"]  # the reader started before the 0.2 s producer ended
    assert paths["late"].read_text(encoding="utf-8") == "made"


def test_a_late_reader_of_a_producer_outside_the_build_does_not_wait(scheduled, article_copy: Path,
                                                                     tmp_path: Path) -> None:
    paths = build(medpub.load(article_copy), tmp_path / "out", ["late"])
    assert paths["late"].read_text(encoding="utf-8") == "none"


def test_a_late_reader_of_an_up_to_date_producer_gets_none(scheduled, article_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(medpub.load(article_copy), out, ["first", "late"])
    (out / "ketamine-therapy.late").unlink()
    ORDER.clear()
    paths = build(medpub.load(article_copy), out, ["first", "late"])
    assert ORDER == ["late started", "late read"]  # the producer was up to date: skipped, no artifact
    assert paths["late"].read_text(encoding="utf-8") == "none"


def test_a_late_reader_of_a_failed_producer_fails_and_the_producers_error_is_raised(scheduled, article_copy: Path,
                                                                                    tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="broken on purpose"):
        build(medpub.load(article_copy), tmp_path / "out", ["late-after-broken", "broken-producer"])
    assert ORDER == ["late started", "broken"]  # it never read: it was woken by the failure
    assert not any((tmp_path / "out").glob("ketamine-therapy.*"))


def test_yaml_and_json_articles_build_the_same_page(tmp_path: Path) -> None:
    import json

    import yaml

    _, front, body = EXAMPLE.read_text(encoding="utf-8").split("---\n", 2)
    data = {**yaml.safe_load(front), "body": body}
    (tmp_path / "ketamine.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "ketamine.json").write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    pages = {path.suffix: medpub.render_html(medpub.load(path))
             for path in (EXAMPLE, tmp_path / "ketamine.yaml", tmp_path / "ketamine.json")}
    assert pages[".yaml"] == pages[".md"] and pages[".json"] == pages[".md"]


def test_an_interrupted_writer_leaves_no_partial_file(counting, article_copy: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self, document, targets, context) -> None:
        targets["count"].write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(counting, "write", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build(medpub.load(article_copy), out, ["count"])
    assert [p.name for p in out.iterdir()] == []


class SlowWriter(Writer):
    name = "slow"
    outputs = {"slow": ".slow"}
    time_limit = 0.3

    def write(self, document, targets, context) -> None:
        import time

        targets["slow"].write_text("half", encoding="utf-8")
        end = time.monotonic() + 30
        while time.monotonic() < end:  # Python bytecode: the deadline lands here
            pass


def test_every_writer_runs_under_its_time_limit(monkeypatch: pytest.MonkeyPatch, article_copy: Path,
                                                tmp_path: Path) -> None:
    import time

    monkeypatch.setitem(writers.REGISTRY.builtin, "slow", f"{__name__}:SlowWriter")
    start = time.monotonic()
    with pytest.raises(BuildError, match="slow: took longer than 0.3 s"):
        build(medpub.load(article_copy), tmp_path / "out", ["slow"])
    assert time.monotonic() - start < 10
    assert not [p for p in (tmp_path / "out").iterdir() if p.name != ".medpub-stamps"]


def test_filing_a_stamp_does_not_grow_with_the_catalog(counting, tmp_path: Path) -> None:
    """One small stamp file per article: building the hundredth article reads and writes as
    little as building the first (one file for the whole folder was rewritten every time)."""
    from medpub.builder.stamps import FOLDER

    out = tmp_path / "out"
    sizes = []
    for number in range(30):
        source = tmp_path / "src" / f"a{number}.md"
        source.parent.mkdir(exist_ok=True)
        source.write_text(EXAMPLE.read_text(encoding="utf-8").replace("slug: ketamine-therapy", f"slug: a{number}"),
                          encoding="utf-8")
        build(medpub.load(source), out, ["count"])
        sizes.append(max(p.stat().st_size for p in (out / FOLDER).iterdir()))
    assert len(list((out / FOLDER).iterdir())) == 30
    assert sizes[-1] < sizes[0] + 100  # names of a few more characters, nothing more
