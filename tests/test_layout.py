"""The house rules a reviewer checks by eye, checked here (DESIGN.md, docs/architecture.md)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("school", "cohorts", "workshops", "certificates", "cms")
LIMIT = 500


def _application_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            # Demo content is data written as code: long by nature, and read by nobody's code.
            if path.stem in ("demo", "demo_content"):
                continue
            yield relative


@pytest.mark.parametrize("module", list(_application_modules()), ids=str)
def test_no_application_module_is_over_500_lines(module):
    lines = len((ROOT / module).read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{module} has {lines} lines; split it by subject or purpose"


def test_workshops_is_laid_out_by_subject():
    subjects = {"plans", "deadlines", "grading", "sharing", "check_ins", "outcomes"}
    packages = {p.parent.name for p in (ROOT / "workshops").glob("*/__init__.py")}
    assert subjects <= packages
    # No subject's views or forms are left beside the packages as flat prefixed modules.
    flat = {p.name for p in (ROOT / "workshops").glob("*.py")}
    assert not {name for name in flat if name.endswith(("_views.py", "_forms.py"))}
    assert "views.py" not in flat and "forms.py" not in flat


def test_no_utils_grab_bag_module_exists():
    assert not [p for app in APPS for p in (ROOT / app).rglob("utils.py")]
