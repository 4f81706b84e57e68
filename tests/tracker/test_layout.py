"""The tracker's shape, checked: views do not import views, model modules form no cycle."""

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parents[2] / "tracker"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(TRACKER.parent).with_suffix("").parts)


def imported_modules(path: Path) -> set[str]:
    """Every tracker module `path` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("tracker"))
    return names


def is_view_module(name: str) -> bool:
    return name.rsplit(".", 1)[-1].endswith("views")


def test_no_view_module_imports_another_view_module():
    offenders = {
        module_name(path): sorted(n for n in imported_modules(path) if is_view_module(n))
        for path in TRACKER.rglob("*views.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_model_modules_import_each_other_without_a_cycle():
    models = {module_name(path): path for path in TRACKER.glob("*/models.py")}
    graph = {
        name: {other for other in models if other != name and other in imported_modules(path)}
        for name, path in models.items()
    }

    def reaches(start: str, goal: str, seen: set) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph[start]
        )

    assert len(models) == 7  # accounts, commitments, data, device, journal, repairs, sharing
    assert [name for name in models if reaches(name, name, set())] == []


# A module past this many lines has usually grown two concerns; split it along them.
MAX_MODULE_LINES = 400


def test_no_tracker_module_is_over_the_size_limit():
    """Migrations are generated and exempt; everything else stays readable in one sitting."""
    sizes = {
        module_name(path): len(path.read_text().splitlines())
        for path in TRACKER.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
