"""What the project's modules import, read from their source (ast), never by importing them: every import
statement at any depth (inside functions too), so an import made on use counts like one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("loaders", "coverage", "register", "export", "dashboard", "vocabulary", "deploy")


def module_name(path: Path, root: Path = ROOT) -> str:
    """loaders/curated.py → 'loaders.curated'; coverage/__init__.py → 'coverage'."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str, root: Path = ROOT) -> Path | None:
    """The file of a module of this repository ('export.geometry' → export/geometry.py); None if it is not one."""
    base = root.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def files(package: str, root: Path = ROOT) -> list[Path]:
    """Every Python file of a package, subfolders included."""
    return sorted(p for p in (root / package).rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path, root: Path = ROOT) -> frozenset[str]:
    """The modules a file's import statements name: 'import a.b' → a.b; 'from a import b' → a and a.b (b may be a
    submodule); relative imports resolved against the file's package."""
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return frozenset(name for name in out if name)


def top_levels(path: Path, root: Path = ROOT) -> set[str]:
    """The top-level packages a file imports ('streamlit', 'register', …)."""
    return {name.split(".")[0] for name in imported(path, root)}


def closure(module: str, root: Path = ROOT) -> set[str]:
    """Every module of this repository that importing `module` can run: its imports, theirs, and so on, with the
    packages' __init__ files (which run on any import of a submodule)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            path = module_path(prefix, root)
            if path is None or prefix in seen:
                continue
            seen.add(prefix)
            todo.extend(imported(path, root))
    return seen
