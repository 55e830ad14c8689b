"""Build an article into its outputs: atomically, and only when something changed.

Each writer writes temporary files beside the final ones; they are renamed into place only
after the writer succeeded, so a failed build leaves no partial file and an earlier good
output survives. A stamp per article and format records what the outputs were made from
(the article's bytes, the options, medpub's version, and the hash of every other input
file: images, logo, lexicon, templates). When nothing changed the build is skipped; the
command line checks stamps before even parsing the article, so an unchanged rebuild costs
little more than starting Python.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path

from .article import Article
from .errors import BuildError, MedpubError
from .options import BuildOptions
from .stamps import Stamps, input_digests, make_key
from .templating import template_dirs
from .writers import FORMATS, REGISTRY, BuildContext, writer_class

Progress = Callable[[str, str], None]
#: writers at work at once: the machine this targets has two cores
PARALLEL_WRITERS = 2


def build(
    article: Article,
    out_dir: str | Path = "dist",
    formats: Iterable[str] | None = None,
    *,
    options: BuildOptions | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write the requested formats of ``article`` into ``out_dir``; return output paths.

    The result maps each output key to its file: ``html``, ``pdf``, ``epub``, ``audio``
    (the MP3) and ``transcript`` (the WebVTT file). Writers run two at a time where their
    ``after`` allows (the narration is synthesised while the PDF is laid out); if one
    fails, the others still finish and the first error is raised.
    """
    requested = tuple(formats) if formats is not None else FORMATS
    for name in requested:
        writer_class(name)
    ordered = tuple(name for name in REGISTRY if name in requested)
    options = replace(options or BuildOptions(), formats=ordered)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    job = _Job(article, out, options, force, progress)
    return job.run(ordered)


class _Job:
    """One build of one article: the per-format steps and the small scheduler around them."""

    def __init__(self, article: Article, out: Path, options: BuildOptions, force: bool,
                 progress: Progress | None) -> None:
        self.article = article
        self.document = article.document
        self.out = out
        self.options = options
        self.force = force
        self.progress = progress or (lambda name, state: None)
        self.context = BuildContext(options=options, out_dir=out, stem=article.stem, formats=options.formats)
        self.stamps = Stamps(out)
        self.stamp_lock = threading.Lock()
        self.source_id, self.source_bytes = _identity(article)
        self.inputs = sorted(str(p) for p in _inputs(article, options))

    def run(self, ordered: tuple[str, ...]) -> dict[str, Path]:
        if len(ordered) == 1:
            return self.write_format(ordered[0])
        per_format: dict[str, dict[str, Path]] = {}
        errors: list[BaseException] = []
        done: set[str] = set()
        failed: set[str] = set()
        waiting = list(ordered)
        with ThreadPoolExecutor(max_workers=PARALLEL_WRITERS, thread_name_prefix="medpub") as pool:
            running: dict[Future[dict[str, Path]], str] = {}
            while waiting or running:
                for name in [n for n in waiting if failed & set(writer_class(n).after)]:
                    waiting.remove(name)
                    failed.add(name)
                    blocker = sorted(failed & set(writer_class(name).after))[0]
                    errors.append(BuildError(f"{name} not built because {blocker} failed"))
                if not (waiting or running):
                    break
                for name in [n for n in waiting if self._ready(n, ordered, done)][:PARALLEL_WRITERS - len(running)]:
                    waiting.remove(name)
                    running[pool.submit(self.write_format, name)] = name
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    done.add(name)
                    try:
                        per_format[name] = future.result()
                    except BaseException as exc:  # noqa: BLE001 - re-raised below, after the others finish
                        failed.add(name)
                        errors.append(exc)
        if errors:
            raise errors[0]
        return {key: path for name in ordered for key, path in per_format[name].items()}

    @staticmethod
    def _ready(name: str, ordered: tuple[str, ...], done: set[str]) -> bool:
        return all(dep in done for dep in writer_class(name).after if dep in ordered)

    def write_format(self, name: str) -> dict[str, Path]:
        writer = writer_class(name)()
        finals = {key: self.out / f"{self.article.stem}{suffix}" for key, suffix in writer.outputs.items()}
        key = make_key(self.source_bytes, name, self.options)
        if not self.force and self.stamps.fresh(self.source_id, name, key):
            self.progress(name, "up to date")
            return finals
        self.progress(name, "building")
        temps = {k: path.with_name(f".{path.name}.partial-{os.getpid()}") for k, path in finals.items()}
        try:
            writer.write(self.document, temps, self.context)
            missing = [str(finals[k]) for k, t in temps.items() if not t.is_file()]
            if missing:
                raise BuildError(f"{name} writer produced no {', '.join(missing)}")
        except BaseException as exc:  # interrupted too: never leave a partial file behind
            _discard(temps.values())
            if isinstance(exc, MedpubError) or not isinstance(exc, Exception):
                raise
            raise BuildError(f"{name}: {type(exc).__name__}: {exc}") from exc
        try:
            for k, temp in temps.items():
                os.chmod(temp, 0o644)
                os.replace(temp, finals[k])
        except OSError as exc:  # e.g. a folder where the output should go: no partial file left behind
            _discard(temps.values())
            raise BuildError(f"{name}: cannot write {exc.filename}: {exc.strerror}") from exc
        with self.stamp_lock:
            self.stamps.record(self.source_id, name, key, input_digests(self.inputs), finals.values())
        self.progress(name, "done")
        return finals


def _identity(article: Article) -> tuple[str, bytes]:
    """Where stamps are filed for this article, and the bytes its outputs derive from."""
    if article.source and article.source.is_file():
        return str(article.source), article.source.read_bytes()
    data = json.dumps(article.to_dict(), sort_keys=True, default=str).encode()
    return f"article:{article.stem}", data


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _inputs(article: Article, options: BuildOptions) -> set[Path]:
    """Every file besides the article that the outputs depend on."""
    base = article.base_dir
    files = {(base / image.src).resolve() for image in article.document.images}
    if article.publisher and article.publisher.logo:
        files.add((base / article.publisher.logo).resolve())
    if options.lexicon:
        files.add(options.lexicon.resolve())
    if article.lexicon_path:  # recorded even while absent, so adding one triggers a rebuild
        files.add(article.lexicon_path)
    for folder in template_dirs(options.template_dir):
        files.update(p.resolve() for p in folder.rglob("*") if p.is_file())
    return files


