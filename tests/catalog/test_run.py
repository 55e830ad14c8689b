"""Building a catalog: exit codes, failures kept apart, the same bytes however scheduled, incremental rebuilds."""

from __future__ import annotations

from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from medpub.catalog import build_catalog, process_pool
from medpub.cli import main
from medpub.model.options import BuildOptions
from tests.catalog.conftest import ARTICLES, make_article, output_bytes

SENTENCE = "Ketamine was born in 1962, when researchers were searching for a better anesthetic."


def _statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(r.source).stem: r.status for r in report.results}


def test_a_failing_article_does_not_stop_the_others(library: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (out / "ketamine-fr.html").mkdir(parents=True)  # the writer cannot put its file there
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "ketamine-fr.md: build failed: " in err
    assert "3 articles: 2 built, 0 up to date, 1 failed" in err
    assert (out / "ketamine-en.html").is_file() and (out / "ketamina-es.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ketamine-en.html" in index and "ketamine-fr.html" not in index
    assert not [p for p in out.iterdir() if ".partial" in p.name]


def test_invalid_articles_are_all_reported_and_the_valid_ones_built(library: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (library / "bad-one.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    (library / "bad-two.yaml").write_text("title: T\nlanguage: en\ndisclaimer: D\nrefrences: []\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "ketamine-fr.html").mkdir(parents=True)
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{library / 'bad-one.md'}:1: language: required key" in err
    assert f"{library / 'bad-two.yaml'}:4: refrences: " in err
    assert "ketamine-fr.md: build failed" in err
    assert (out / "ketamine-en.html").is_file()


def test_second_run_is_up_to_date(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 0
    first = output_bytes(out)
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 0
    assert "3 articles: 0 built, 3 up to date, 0 failed" in capsys.readouterr().err
    assert output_bytes(out) == first


def test_any_executor_works(library: Path, tmp_path: Path) -> None:
    """The API takes any concurrent.futures.Executor; threads give the same bytes as none."""
    options = BuildOptions(formats=("html",))
    sequential = build_catalog([library], tmp_path / "seq", options)
    with ThreadPoolExecutor(2) as pool:
        threaded = build_catalog([library], tmp_path / "thr", options, executor=pool, window=2)
    assert sequential.exit_status == threaded.exit_status == 0
    assert output_bytes(tmp_path / "seq") == output_bytes(tmp_path / "thr")


def test_two_worker_processes_write_the_same_bytes_as_one(library: Path, tmp_path: Path) -> None:
    args = ["-f", "html,audio", "--voice", "fake", "--base-url", "https://example.org/", "-q"]
    assert main(["build", str(library), "-o", str(tmp_path / "one"), "--workers", "1", *args]) == 0
    assert main(["build", str(library), "-o", str(tmp_path / "two"), "--workers", "2", *args]) == 0
    one, two = output_bytes(tmp_path / "one"), output_bytes(tmp_path / "two")
    assert len(one) == 3 * 4 + 4 and one == two
    # the workers filed their stamps side by side without losing any: nothing is rebuilt
    report = build_catalog([library], tmp_path / "two", BuildOptions(voice="fake", formats=("html", "audio")))
    assert {r.status for r in report.results} == {"up to date"}


@pytest.mark.slow
def test_every_format_in_a_process_pool_matches_a_sequential_build(library: Path, tmp_path: Path) -> None:
    options = BuildOptions(voice="fake", cache_dir=tmp_path / "cache")
    sequential = build_catalog([library], tmp_path / "seq", options, base_url="https://example.org/")
    with process_pool(2) as pool:
        pooled = build_catalog([library], tmp_path / "pool", options, executor=pool, base_url="https://example.org/")
    assert sequential.exit_status == pooled.exit_status == 0
    assert output_bytes(tmp_path / "seq") == output_bytes(tmp_path / "pool")


def _wav_count(cache: Path) -> int:
    return sum(1 for _ in (cache / "speech").rglob("*.wav"))


def test_editing_one_sentence_rebuilds_one_article_and_speaks_one_sentence(library: Path, tmp_path: Path) -> None:
    options = BuildOptions(voice="fake", cache_dir=tmp_path / "cache", formats=("html", "audio"))
    out = tmp_path / "out"
    assert set(_statuses(build_catalog([library], out, options)).values()) == {"built"}
    spoken = _wav_count(tmp_path / "cache")
    before = output_bytes(out)
    path = library / "ketamine-en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(SENTENCE, SENTENCE.replace("in 1962", "in the year 1962")),
                    encoding="utf-8")
    report = build_catalog([library], out, options)
    assert _statuses(report) == {"ketamina-es": "up to date", "ketamine-en": "built", "ketamine-fr": "up to date"}
    assert _wav_count(tmp_path / "cache") == spoken + 1
    after = output_bytes(out)
    assert {n for n in after if after[n] != before.get(n)} >= {"ketamine-en.html", "ketamine-en.mp3"}
    assert all(after[n] == before[n] for n in after if n.startswith(("ketamina-es.", "ketamine-fr.")))


def test_changing_a_shared_label_rebuilds_every_article(library: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "labels").mkdir(parents=True)
    labels = templates / "labels" / "en.yaml"
    labels.write_text("disclaimer: Disclaimer\n", encoding="utf-8")
    options = BuildOptions(template_dir=templates, formats=("html",))
    out = tmp_path / "out"
    build_catalog([library], out, options)
    assert set(_statuses(build_catalog([library], out, options)).values()) == {"up to date"}
    labels.write_text("disclaimer: Legal disclaimer\n", encoding="utf-8")
    assert set(_statuses(build_catalog([library], out, options)).values()) == {"built"}


@pytest.mark.slow
def test_dask_local_cluster_matches_a_sequential_build(library: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    args = ["-f", "html,epub,audio", "--voice", "fake", "--base-url", "https://example.org/", "-q"]
    assert main(["build", str(library), "-o", str(tmp_path / "seq"), "--workers", "1", *args]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        monkeypatch.setenv("MEDPUB_SCHEDULER", cluster.scheduler_address)
        assert main(["build", str(library), "-o", str(tmp_path / "dask"), *args]) == 0
    assert output_bytes(tmp_path / "seq") == output_bytes(tmp_path / "dask")
    assert len(output_bytes(tmp_path / "dask")) == len(ARTICLES) * 5 + 4


def test_scheduler_without_dask_is_a_clear_error(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["build", str(library), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "pip install 'medpub[cluster]'" in capsys.readouterr().err


def test_make_article_helper_gives_distinct_slugs(tmp_path: Path) -> None:
    paths = [make_article(tmp_path, slug, language) for slug, language, *_ in ARTICLES]
    assert len({p.read_text(encoding="utf-8") for p in paths}) == 3


def test_narration_bytes_do_not_depend_on_the_cores() -> None:
    """A cluster's workers have other core counts than a laptop: the MP3 must not follow them."""
    import math
    import struct

    from medpub.writers.audio import mp3

    rate = 24_000
    pcm = struct.pack(f"<{rate * 100}h", *(round(3000 * math.sin(i / 9)) for i in range(rate * 100)))
    cuts = [rate * s for s in range(5, 100, 5)]
    encoded = {workers: mp3.encode(pcm, rate, cuts, workers=workers) for workers in (1, 2, 8)}
    assert encoded[1].mp3 == encoded[2].mp3 == encoded[8].mp3
    assert len(encoded[1].starts) > 1  # the narration really was cut into segments


class _RemoteLike(Executor):
    """An executor that is neither a local pool nor threads, as a Dask client's is: records what it is sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[object, ...]] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.sent.append(args)
        future: Future[object] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_a_remote_executor_is_sent_absolute_paths(library: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    remote = _RemoteLike()
    options = BuildOptions(formats=("html",), cache_dir=Path("cache"))
    report = build_catalog([Path("library")], Path("out"), options, executor=remote)
    assert report.exit_status == 0 and len(remote.sent) == 3
    for source, out, sent_options, *_ in remote.sent:
        assert Path(str(source)).is_absolute() and Path(str(out)) == tmp_path / "out"
        assert sent_options.cache_dir == tmp_path / "cache"  # type: ignore[attr-defined]
