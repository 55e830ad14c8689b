"""Where shipped templates and label tables live, and the order they are searched in.

A user's ``--templates`` folder comes first (MkDocs' and Pelican's ``ChoiceLoader`` shape),
then the templates inside the wheel, or the repository's ``templates/`` in an editable
install. Labels (:mod:`medpub.locale.labels`) and the writers' Jinja2 environment both
search these folders, so one override folder changes words, layout and styles alike.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_TEMPLATES = PACKAGE_ROOT / "templates"
REPO_TEMPLATES = PACKAGE_ROOT.parent / "templates"


def shipped_templates() -> Path:
    """Templates inside the wheel, or the repository's ``templates/`` in an editable install."""
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else REPO_TEMPLATES


def template_dirs(user_dir: Path | None = None) -> list[Path]:
    """Folders searched for templates and labels, first match wins."""
    return ([user_dir] if user_dir else []) + [shipped_templates()]
