"""``medpub serve DIR``: a live preview of a catalog, rebuilt and reloaded as files change.

Imports from existing modules: ``medpub.model.options`` (BuildOptions).

Three small parts, as ``mkdocs serve`` has them: a builder that runs
``python -m medpub build DIR -o OUT --site`` in a fresh process (so edited templates and
label tables are read anew, and a crash cannot take the server down; up-to-date stamps
keep a rebuild down to the articles that changed), a watcher that polls the folder's
modification times (articles, images, ``.pls`` lexicons, and the ``--templates`` folder),
and an ``http.server`` on loopback that serves OUT. Pages are served with a small script
that polls ``/__medpub__/version`` and reloads when a rebuild finished; the script is
added to the response only, never written into the built files.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import click

from medpub.model.options import BuildOptions

VERSION_PATH = "/__medpub__/version"
RELOAD_SCRIPT = ("<script>(() => { let seen = null; const poll = async () => { try { const r = await fetch("
                 f"'{VERSION_PATH}', {{cache: 'no-store'}}); const v = await r.text(); "
                 "if (seen !== null && v !== seen) { location.reload(); return; } seen = v; } catch (e) {} "
                 "setTimeout(poll, 1000); }; poll(); })();</script>")
POLL_SECONDS = 0.5


def snapshot(roots: Iterable[Path], skip: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every visible file under ``roots``, the output folder ``skip`` left out."""
    state: dict[str, tuple[int, int]] = {}
    skipped = skip.resolve()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skipped)
            for name in files:
                if name.startswith("."):
                    continue
                try:
                    info = (here / name).stat()
                except OSError:
                    continue
                state[str(here / name)] = (info.st_mtime_ns, info.st_size)
    return state


def build_arguments(folder: Path, out_dir: Path, options: BuildOptions) -> list[str]:
    """The ``medpub build`` command line a rebuild runs."""
    command = [sys.executable, "-m", "medpub", "build", str(folder), "-o", str(out_dir), "--site", "-q",
               "-f", ",".join(options.formats)]
    if options.voice:
        command += ["--voice", options.voice]
    if options.template_dir:
        command += ["--templates", str(options.template_dir)]
    return command


class Preview:
    """The watcher, the builder and the web server of one preview; ``start()`` then ``stop()``."""

    def __init__(self, folder: Path, out_dir: Path, options: BuildOptions, host: str = "127.0.0.1",
                 port: int = 8000) -> None:
        self.folder = folder
        self.out_dir = out_dir
        self.options = options
        self.version = 0
        self.last_status: int | None = None
        self.roots = [folder] + ([options.template_dir] if options.template_dir else [])
        self._stop = threading.Event()
        self._changed = threading.Condition()
        handler = functools.partial(_Handler, self, directory=str(out_dir))
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = str(self.server.server_address[0]), self.server.server_address[1]
        return f"http://{host}:{port}/"

    def rebuild(self) -> int:
        """Run one build in a fresh process; bump the version the pages poll."""
        status = subprocess.run(build_arguments(self.folder, self.out_dir, self.options), check=False).returncode
        with self._changed:
            self.last_status = status
            self.version += 1
            self._changed.notify_all()
        return status

    def wait_for_version(self, above: int, timeout: float) -> bool:
        """Block until a rebuild after version ``above`` finished (for tests and scripts)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.version > above, timeout)

    def _watch(self) -> None:
        seen = snapshot(self.roots, self.out_dir)
        while not self._stop.wait(POLL_SECONDS):
            now = snapshot(self.roots, self.out_dir)
            if now != seen:
                seen = now
                self.rebuild()
                seen = snapshot(self.roots, self.out_dir)

    def start(self, build_first: bool = True) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if build_first:
            self.rebuild()
        for target in (self.server.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True, name=f"medpub-{target.__name__}")
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=10)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves OUT; adds the reload script to HTML responses and answers the version poll."""

    def __init__(self, preview: Preview, *args: object, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_bytes()
            marker = page.rfind(b"</body>")
            script = RELOAD_SCRIPT.encode()
            page = page[:marker] + script + page[marker:] if marker >= 0 else page + script
            return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: a preview's request log would bury the build messages."""


def serve_command(folder: Path, out_dir: Path | None, options: BuildOptions, *, host: str, port: int) -> int:
    """Build, serve and watch until interrupted; return the exit status."""
    out = out_dir or Path(tempfile.mkdtemp(prefix="medpub-preview-"))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"medpub: note: serving on {host}, reachable from other machines", err=True)
    try:
        preview = Preview(folder, out, options, host=host, port=port)
    except OSError as error:
        click.echo(f"medpub: cannot listen on {host}:{port}: {error.strerror}", err=True)
        return 2
    preview.start()
    click.echo(f"Serving {out} at {preview.url} (Ctrl+C to stop)", err=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    return 0
