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
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .article import Article
from .errors import BuildError, MedpubError
from .options import BuildOptions
from .stamps import Stamps, input_digests, make_key
from .templating import template_dirs
from .writers import FORMATS, REGISTRY, BuildContext, writer_class

Progress = Callable[[str, str], None]


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
    (the MP3) and ``transcript`` (the WebVTT file).
    """
    requested = tuple(formats) if formats is not None else FORMATS
    for name in requested:
        writer_class(name)
    ordered = tuple(name for name in REGISTRY if name in requested)
    options = replace(options or BuildOptions(), formats=ordered)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    document = article.document
    context = BuildContext(options=options, out_dir=out, stem=article.stem, formats=ordered)
    stamps = Stamps(out)
    source_id, source_bytes = _identity(article)
    inputs = sorted(str(p) for p in _inputs(article, options))
    results: dict[str, Path] = {}
    for name in ordered:
        writer = writer_class(name)()
        finals = {key: out / f"{article.stem}{suffix}" for key, suffix in writer.outputs.items()}
        key = make_key(source_bytes, name, options)
        if not force and stamps.fresh(source_id, name, key):
            if progress:
                progress(name, "up to date")
            results.update(finals)
            continue
        if progress:
            progress(name, "building")
        temps = {k: path.with_name(f".{path.name}.partial-{os.getpid()}") for k, path in finals.items()}
        try:
            writer.write(document, temps, context)
            missing = [str(finals[k]) for k, t in temps.items() if not t.is_file()]
            if missing:
                raise BuildError(f"{name} writer produced no {', '.join(missing)}")
        except MedpubError:
            _discard(temps.values())
            raise
        except Exception as exc:
            _discard(temps.values())
            raise BuildError(f"{name}: {type(exc).__name__}: {exc}") from exc
        for k, temp in temps.items():
            os.chmod(temp, 0o644)
            os.replace(temp, finals[k])
        stamps.record(source_id, name, key, input_digests(inputs), finals.values())
        results.update(finals)
        if progress:
            progress(name, "done")
    return results


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
    for folder in template_dirs(options.template_dir):
        files.update(p.resolve() for p in folder.rglob("*") if p.is_file())
    return files


