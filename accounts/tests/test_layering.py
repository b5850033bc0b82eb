"""Dependencies between apps run one way: an app imports only apps on a lower level.

The levels are the list in docs/architecture.md ("Which app may import which"). Every import in
every non-test, non-migration module counts, including imports inside functions. Tests may import
anything. There are no exceptions: a module that needs something from above belongs above.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. An app may import the apps on any lower level, none on its own level or above.
LEVELS = [
    {"lib"},
    {"regions", "audit"},
    {"accounts"},
    {"notifications"},
    {"referrals"},
    {"volunteers"},
    {"events", "support"},  # volunteer support: events; supervision, referral places, recognition
    {"matches"},
    {"followups", "outcomes", "expenses"},
    {"reports", "transfer", "portal"},  # portal: the volunteer's pages over matches, followups, expenses
    {"matching"},  # insights use the KPI definitions of reports
    {"planning"},  # matching's constraints, the waiting-time definition, volunteers' campaigns
    {"privacy"},  # export, erasure and retention reach every app's personal data
    {"demo"},
    {"config"},
]
LEVEL = {app: number for number, apps in enumerate(LEVELS) for app in apps}


def _is_test(path: Path) -> bool:
    return "tests" in path.parts or path.name.startswith("test_") or path.name == "conftest.py"


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not _is_test(relative) and "migrations" not in relative.parts:
            yield relative


def _imported_apps(path: Path):
    """(line, app) for every absolute import of a project app in the module, at any depth."""
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LEVEL:
                yield node.lineno, top


def test_every_project_app_has_a_level():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert apps - set(LEVEL) == set(), "place the new app in LEVELS and in docs/architecture.md"


def test_imports_follow_the_levels():
    wrong = []
    for app in sorted(LEVEL):
        if not (ROOT / app).is_dir():
            continue
        for path in _modules(app):
            for line, imported in _imported_apps(path):
                if imported != app and LEVEL[imported] >= LEVEL[app]:
                    wrong.append(f"{path}:{line} imports {imported} (level {LEVEL[imported]} >= {LEVEL[app]})")
    assert wrong == []


def test_the_check_sees_imports_inside_functions(tmp_path, monkeypatch):
    module = tmp_path / "lib" / "sample.py"
    module.parent.mkdir()
    module.write_text("def late():\n    from matches.models import Match\n    import referrals.models\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert list(_imported_apps(Path("lib/sample.py"))) == [(2, "matches"), (3, "referrals")]
