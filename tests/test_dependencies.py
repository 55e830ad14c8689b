"""Every third-party module medpub imports is declared in pyproject.toml, and nothing unused is.

The imports are read from the source (ast), so a lazy import inside a function counts as
much as one at the top of a module; each top-level module is mapped to the distribution
that installs it with :func:`importlib.metadata.packages_distributions`.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "medpub"
#: runtime requirements that medpub never imports itself, each with the reason it is declared
INDIRECT: dict[str, str] = {
    "pypandoc-binary": "ships the Pandoc 3 binary the CSL transform runs; found by its path, never imported",
}


def _name(requirement: str) -> str:
    """The canonical (PEP 503) project name of a requirement string."""
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Top-level module -> the files that import it, for every absolute import under ``folder``."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], set()).add(path.relative_to(folder).as_posix())
    return found


def third_party(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: files for m, files in modules.items() if m not in sys.stdlib_module_names and m != "medpub"}


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    extras = {extra: {_name(r) for r in reqs} for extra, reqs in project["optional-dependencies"].items()}
    return runtime, extras


#: optional features: the extra that installs them and the part of medpub allowed to import it
EXTRA_SCOPES = {"neural": ("",), "check": ("check/",), "cluster": ("catalog/", "writers/audio/shared_cache.py")}


def test_every_imported_module_is_declared() -> None:
    runtime, extras = declared()
    providers = packages_distributions()
    undeclared = {}
    for module, files in third_party(imported_modules(PACKAGE)).items():
        distributions = {_name(d) for d in providers.get(module, [])}
        assert distributions, f"{module} (imported by {sorted(files)}) is not installed"
        optional = any(distributions & extras[extra] and all(f.startswith(scope) for f in files)
                       for extra, scope in EXTRA_SCOPES.items())
        if not (distributions & runtime or optional):
            undeclared[module] = (sorted(distributions), sorted(files))
    assert undeclared == {}, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_runtime_requirement_is_imported() -> None:
    runtime, extras = declared()
    providers = packages_distributions()
    used = {_name(d) for m in third_party(imported_modules(PACKAGE)) for d in providers.get(m, [])}
    unused = runtime - used - set(INDIRECT)
    assert unused == set(), f"declared but never imported by medpub (move to an extra or drop): {sorted(unused)}"


def test_the_walk_sees_lazy_imports(tmp_path: Path) -> None:
    (tmp_path / "lazy.py").write_text("import os\n\ndef f():\n    from lxml import etree\n    import yaml.cyaml\n")
    modules = third_party(imported_modules(tmp_path))
    assert set(modules) == {"lxml", "yaml"}
