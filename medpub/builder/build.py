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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from medpub.builder.partials import partial_name, sweep_partials
from medpub.builder.stamps import Stamps, input_digests, make_key
from medpub.locale.folders import template_dirs
from medpub.model.article import Article
from medpub.model.errors import BuildError, MedpubError
from medpub.model.options import BuildOptions
from medpub.readers.document import read_document
from medpub.transforms.pipeline import prepare
from medpub.writers import FORMATS, BuildContext, build_order, writer_class
from medpub.writers.deadline import RenderTimeout, time_limit

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
    threads: int | None = None,
) -> dict[str, Path]:
    """Write the requested formats of ``article`` into ``out_dir``; return output paths.

    The result maps each output key to its file: ``html``, ``pdf``, ``epub``, ``audio``
    (the MP3) and ``transcript`` (the WebVTT file). Writers run two at a time where their
    ``after`` allows (the narration is synthesised while the PDF is laid out); if one
    fails, the others still finish and the first error is raised. ``threads`` bounds the cores
    the build keeps busy (a catalog worker's share; default: all): with 1 the writers run one
    at a time and synthesis and encoding use one thread.
    """
    requested = tuple(formats) if formats is not None else FORMATS
    for name in requested:
        writer_class(name)
    ordered = build_order(requested)
    options = replace(options or BuildOptions(), formats=ordered)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sweep_partials(out)
    job = _Job(article, out, options, force, progress, threads)
    return job.run(ordered)


class _Job:
    """One build of one article: the per-format steps and the small scheduler around them."""

    def __init__(self, article: Article, out: Path, options: BuildOptions, force: bool,
                 progress: Progress | None, threads: int | None = None) -> None:
        self.article = article
        self.document = prepare(read_document(article), options)
        self.out = out
        self.options = options
        self.force = force
        self.progress = progress or (lambda name, state: None)
        self.context = BuildContext(options=options, out_dir=out, stem=article.stem, formats=options.formats,
                                    threads=threads)
        self.parallel = max(1, min(PARALLEL_WRITERS, threads or PARALLEL_WRITERS))
        self.stamps = Stamps(out)
        self.stamp_lock = threading.Lock()
        self.source_id, self.source_bytes = _identity(article)
        self.inputs = sorted(str(p) for p in _inputs(article, options))

    def run(self, ordered: tuple[str, ...]) -> dict[str, Path]:
        self.context.artifacts.expect(ordered)
        if len(ordered) == 1:
            return self.publish([self.write_format(ordered[0])])
        # imported here: a one-format build (the common ``-f html``) needs no thread pool
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        per_format: dict[str, _Pending] = {}
        errors: dict[str, BaseException] = {}
        done: set[str] = set()
        failed: set[str] = set()
        waiting = list(ordered)
        with ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="medpub") as pool:
            running: dict[Future[_Pending], str] = {}
            while waiting or running:
                for name in [n for n in waiting if failed & _needs(n)]:
                    waiting.remove(name)
                    failed.add(name)
                    errors[name] = BuildError(f"{name} not built because {sorted(failed & _needs(name))[0]} failed")
                if not (waiting or running):
                    break
                while len(running) < self.parallel:  # one at a time: a start may make a late reader ready
                    started = done | set(running.values())
                    ready = [n for n in waiting if _ready(n, ordered, done, started)]
                    if not ready:
                        break
                    name = min(ready, key=lambda n: len([d for d in writer_class(n).waits_for
                                                         if d in ordered and d not in done]))
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
                        errors[name] = exc
        if errors:
            if self.options.publish == "together":
                for pending in per_format.values():
                    _discard(pending.temps.values())
            else:
                self.publish(list(per_format.values()))
            raise errors[min(errors, key=ordered.index)]
        return self.publish([per_format[name] for name in ordered])

    def write_format(self, name: str) -> _Pending:
        """Run one writer into temporary files; :meth:`publish` renames them into place.

        Writers waiting for this one's artifacts are told when it has finished, or failed.
        """
        ok = False
        try:
            pending = self._write(name)
            ok = True
            return pending
        finally:
            self.context.artifacts.settle(name, ok)

    def _write(self, name: str) -> _Pending:
        writer = writer_class(name)()
        finals = {key: self.out / f"{self.article.stem}{suffix}" for key, suffix in writer.outputs.items()}
        key = make_key(self.source_bytes, name, self.options)
        if not self.force and self.stamps.fresh(self.source_id, name, key):
            self.progress(name, "up to date")
            return _Pending(name, key, finals, {})
        self.progress(name, "building")
        temps = {k: partial_name(path) for k, path in finals.items()}
        try:
            with time_limit(writer.time_limit):
                writer.write(self.document, temps, self.context)
            missing = [str(finals[k]) for k, t in temps.items() if not t.is_file()]
            if missing:
                raise BuildError(f"{name} writer produced no {', '.join(missing)}")
        except RenderTimeout:
            _discard(temps.values())
            raise BuildError(f"{name}: took longer than {writer.time_limit:g} s; giving up") from None
        except BaseException as exc:  # interrupted too: never leave a partial file behind
            _discard(temps.values())
            if isinstance(exc, MedpubError) or not isinstance(exc, Exception):
                raise
            raise BuildError(f"{name}: {type(exc).__name__}: {exc}") from exc
        pending = _Pending(name, key, finals, temps)
        if self.options.publish == "each":
            self.publish([pending])
        return pending

    def publish(self, pendings: list[_Pending]) -> dict[str, Path]:
        """Rename every finished output into place and stamp it; return all output paths."""
        for pending in pendings:
            if not pending.temps:
                continue
            try:
                for k, temp in pending.temps.items():
                    os.chmod(temp, 0o644)
                    os.replace(temp, pending.finals[k])
            except OSError as exc:  # e.g. a folder where the output should go: no partial file left behind
                for other in pendings:
                    _discard(other.temps.values())
                raise BuildError(f"{pending.name}: cannot write {exc.filename}: {exc.strerror}") from exc
            with self.stamp_lock:
                self.stamps.record(self.source_id, pending.name, pending.key, input_digests(self.inputs),
                                   pending.finals.values())
            pending.temps = {}
            self.progress(pending.name, "done")
        return {key: path for pending in pendings for key, path in pending.finals.items()}


def _needs(name: str) -> set[str]:
    """The formats whose failure means ``name`` cannot be built."""
    writer = writer_class(name)
    return {*writer.after, *writer.waits_for}


def _ready(name: str, ordered: tuple[str, ...], done: set[str], started: set[str]) -> bool:
    """Every ``after`` finished, every ``waits_for`` at least started (so a writer never holds a
    thread waiting for one that has no thread to run in)."""
    writer = writer_class(name)
    return (all(dep in done for dep in writer.after if dep in ordered)
            and all(dep in started for dep in writer.waits_for if dep in ordered))


@dataclass
class _Pending:
    """One format's outputs: written to ``temps``, to be renamed to ``finals`` when published."""

    name: str
    key: str
    finals: dict[str, Path]
    temps: dict[str, Path]


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
    files = {(base / image.src).resolve() for image in read_document(article).images}
    if article.publisher and article.publisher.logo:
        files.add((base / article.publisher.logo).resolve())
    if options.lexicon:
        files.add(options.lexicon.resolve())
    if article.lexicon_path:  # recorded even while absent, so adding one triggers a rebuild
        files.add(article.lexicon_path)
    for folder in template_dirs(options.template_dir):
        files.update(_template_files(folder.resolve()))
    return files


def _template_files(folder: Path) -> Iterator[Path]:
    """Every file under a template folder (by ``os.walk``: a catalog asks for each article)."""
    for parent, _, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            if path.is_file():
                yield path


