"""Build an article into its outputs: atomically, and only when something changed.

Each writer writes temporary files beside the final ones; they are renamed into place only
after the writer succeeded, so a failed build leaves no partial file and an earlier good
output survives. A fingerprint of everything an output depends on (the article, its
images, the templates, the options, medpub's version) lets an unchanged rebuild skip work.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from pathlib import Path

from . import __version__
from .article import Article
from .errors import BuildError, MedpubError
from .options import BuildOptions
from .templating import template_dirs
from .writers import FORMATS, REGISTRY, BuildContext, writer_class

STAMPS = ".medpub-stamps.json"
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
    stamps = _read_stamps(out)
    results: dict[str, Path] = {}
    for name in ordered:
        writer = writer_class(name)()
        finals = {key: out / f"{article.stem}{suffix}" for key, suffix in writer.outputs.items()}
        fingerprint = _fingerprint(article, name, options)
        stamp_key = f"{article.stem}.{name}"
        if not force and _fresh(stamps.get(stamp_key), fingerprint, finals):
            if progress:
                progress(name, "up to date")
            results.update(finals)
            continue
        if progress:
            progress(name, "building")
        temps = {key: path.with_name(f".{path.name}.partial-{os.getpid()}") for key, path in finals.items()}
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
        for key, temp in temps.items():
            os.chmod(temp, 0o644)
            os.replace(temp, finals[key])
        stamps[stamp_key] = {"fingerprint": fingerprint, "files": {str(p.name): _stat(p) for p in finals.values()}}
        _write_stamps(out, stamps)
        results.update(finals)
        if progress:
            progress(name, "done")
    return results


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _fresh(stamp: dict | None, fingerprint: str, finals: dict[str, Path]) -> bool:
    if not stamp or stamp.get("fingerprint") != fingerprint:
        return False
    files = stamp.get("files", {})
    return all(p.is_file() and files.get(p.name) == _stat(p) for p in finals.values())


def _fingerprint(article: Article, fmt: str, options: BuildOptions) -> str:
    digest = hashlib.sha256()
    settings = {k: str(v) for k, v in asdict(options).items()}
    digest.update(json.dumps([__version__, fmt, settings], sort_keys=True).encode())
    digest.update(article.model_dump_json().encode())
    for path in sorted(_dependencies(article, options)):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def _dependencies(article: Article, options: BuildOptions) -> set[Path]:
    base = article.base_dir
    files = {base / image.src for image in article.document.images}
    if article.publisher and article.publisher.logo:
        files.add(base / article.publisher.logo)
    if options.lexicon:
        files.add(options.lexicon)
    for folder in template_dirs(options.template_dir):
        files.update(p for p in folder.rglob("*") if p.is_file())
    return files


def _read_stamps(out: Path) -> dict:
    try:
        return json.loads((out / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_stamps(out: Path, stamps: dict) -> None:
    temp = out / f".{STAMPS}.partial-{os.getpid()}"
    temp.write_text(json.dumps(stamps, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, out / STAMPS)
