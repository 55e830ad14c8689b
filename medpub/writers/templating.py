"""The Jinja2 environment: a user's template folder first, then the shipped templates.

Autoescaping is on and undefined names fail loudly (StrictUndefined): article text only
ever reaches templates as data, so ``{{ 7*7 }}`` in an article prints literally.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from medpub.locale.folders import template_dirs
from medpub.model.cachedir import cache_root


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (keyed by template source, so edits are seen)."""
    folder = cache_root() / "templates"  # compiled code only; safe to share between builds
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=8)
def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """One shared environment per template folder (templates compile once per process)."""
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in template_dirs(user_dir)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def read_asset(name: str, user_dir: Path | None = None) -> str:
    """The text of a static asset (a CSS file), honouring user overrides."""
    for folder in template_dirs(user_dir):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)
