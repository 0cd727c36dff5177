"""The ASVS 5.0 level 2 traceability matrix (docs/security/asvs-5.0-l2.toml) keeps its promises.

Every cited test exists (found statically, by parsing the test files: importing them all would cost
more than the check), every proven requirement cites a test, at least 60 are proven, every level 1
and 2 requirement of the chapters has a row, the rendered docs/security/asvs.md matches the data,
and the limits documented in docs/security/input-and-limits.md are the ones in the code.
"""

import ast
import datetime as dt
import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("asvs_matrix", REPO_ROOT / "scripts" / "asvs_matrix.py")
matrix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(matrix)

STANDARD, REQUIREMENTS = matrix.load()

# ASVS 5.0.0: the requirements of level 1 and 2 in the matrix's chapters (level 3 ones left out).
LEVEL_1_AND_2 = {
    "V2": "2.1.1 2.1.2 2.1.3 2.2.1 2.2.2 2.2.3 2.3.1 2.3.2 2.3.3 2.3.4 2.4.1",
    "V3": "3.2.1 3.2.2 3.3.1 3.3.2 3.3.3 3.3.4 3.4.1 3.4.2 3.4.3 3.4.4 3.4.5 3.4.6 3.5.1 3.5.2 3.5.3 3.5.4 3.5.5 "
          "3.7.1 3.7.2",
    "V5": "5.1.1 5.2.1 5.2.2 5.2.3 5.3.1 5.3.2 5.4.1 5.4.2 5.4.3",
    "V6": "6.1.1 6.1.2 6.1.3 6.2.1 6.2.2 6.2.3 6.2.4 6.2.5 6.2.6 6.2.7 6.2.8 6.2.9 6.2.10 6.2.11 6.3.1 6.3.2 6.3.3 "
          "6.4.1 6.4.2 6.4.3 6.4.4 6.5.1 6.5.2 6.5.3 6.5.4 6.5.5 6.6.1 6.6.2 6.6.3 6.8.1 6.8.2 6.8.3",
    "V7": "7.1.1 7.1.2 7.1.3 7.2.1 7.2.2 7.2.3 7.2.4 7.3.1 7.3.2 7.4.1 7.4.2 7.4.3 7.4.4 7.4.5 7.5.1 7.5.2 "
          "7.6.1 7.6.2",
    "V8": "8.1.1 8.1.2 8.2.1 8.2.2 8.2.3 8.3.1 8.4.1",
    "V13": "13.1.1 13.2.1 13.2.2 13.2.3 13.2.4 13.2.5 13.3.1 13.3.2 13.4.1 13.4.2 13.4.3 13.4.4 13.4.5",
    "V14": "14.1.1 14.1.2 14.2.1 14.2.2 14.2.3 14.2.4 14.3.1 14.3.2 14.3.3",
    "V16": "16.1.1 16.2.1 16.2.2 16.2.3 16.2.4 16.2.5 16.3.1 16.3.2 16.3.3 16.3.4 16.4.1 16.4.2 16.4.3 "
           "16.5.1 16.5.2 16.5.3",
}


def test_the_data_is_well_formed():
    assert not matrix.problems(STANDARD, REQUIREMENTS)


def test_every_level_1_and_2_requirement_of_the_chapters_has_one_row():
    expected = {f"V{n}" for ids in LEVEL_1_AND_2.values() for n in ids.split()}
    assert set(LEVEL_1_AND_2) == set(STANDARD["chapters"])
    assert [r["id"] for r in REQUIREMENTS] == sorted(expected, key=matrix._sort_key)


def test_the_shape_check_finds_a_proven_row_without_a_test():
    """The check above can fail: a proven row citing only a document, or a planned one without its work."""
    broken = [{**REQUIREMENTS[0], "status": "proven", "evidence": ["docs/deployment.md"]},
              {**REQUIREMENTS[1], "status": "planned", "evidence": []}]
    found = matrix.problems(STANDARD, broken)
    assert f"{broken[0]['id']}: proven without a test" in found
    assert any(p.startswith(f"{broken[1]['id']}: a planned requirement names its work") for p in found)


# --- The cited tests exist -----------------------------------------------------------------------

@cache
def _tests_in(path: Path) -> dict[str, set[str]]:
    """Test functions of a module ('' -> names) and test methods per class, read from its source."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: dict[str, set[str]] = {"": set()}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found[""].add(node.name)
        elif isinstance(node, ast.ClassDef):
            found[node.name] = {n.name for n in node.body
                                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test")}
    return found


def missing_test(node_id: str) -> str | None:
    """Why a pytest node id names no test, or None when it does (parametrised ids by their base name)."""
    file, *names = node_id.split("::")
    path = REPO_ROOT / file
    if not (file.startswith("tests/") and file.endswith(".py") and path.is_file()):
        return f"{file} is not a test file"
    tests = _tests_in(path)
    names = [name.split("[")[0] for name in names]
    if not names:
        return None if any(tests.values()) else f"{file} has no tests"
    if len(names) == 1:
        return None if names[0] in tests[""] or names[0] in tests else f"{names[0]} is not a test in {file}"
    if len(names) == 2:
        return None if names[1] in tests.get(names[0], set()) else f"{names[0]}::{names[1]} is not in {file}"
    return f"{node_id} is not a node id"


def test_every_cited_test_exists():
    absent = [f"{r['id']}: {why}" for r in REQUIREMENTS for e in r["evidence"]
              if matrix.is_test(e) and (why := missing_test(e))]
    assert not absent, "\n".join(absent)


def test_the_node_id_check_can_fail():
    assert missing_test("tests/test_asvs_matrix.py::test_every_cited_test_exists") is None
    assert missing_test("tests/test_asvs_matrix.py::test_every_cited_test_exists[x-1]") is None
    assert missing_test("tests/test_asvs_matrix.py") is None
    assert missing_test("tests/test_asvs_matrix.py::test_that_is_not_there")
    assert missing_test("tests/not_there.py::test_x")
    assert missing_test("tests/test_asvs_matrix.py::SomeClass::test_x")


def test_every_cited_document_exists():
    absent = [f"{r['id']}: {e}" for r in REQUIREMENTS for e in r["evidence"]
              if not matrix.is_test(e) and not (REPO_ROOT / e).exists()]
    assert not absent, absent


def test_every_proven_requirement_cites_a_test():
    bare = [r["id"] for r in REQUIREMENTS if r["status"] == "proven" and not any(map(matrix.is_test, r["evidence"]))]
    assert not bare


def test_at_least_sixty_requirements_are_proven_by_tests():
    proven = [r["id"] for r in REQUIREMENTS if r["status"] == "proven"]
    assert len(proven) >= STANDARD["minimum_proven"] == 60


def test_the_committed_markdown_matches_the_data():
    """Run scripts/asvs-matrix after changing the data."""
    assert matrix.MARKDOWN.read_text() == matrix.render(STANDARD, REQUIREMENTS)


# --- docs/security/input-and-limits.md against the code -------------------------------------------

UNITS = {"KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def _documented_limits() -> list[tuple[str, str, str]]:
    """(value, module, expression) of each row of the document's table of limits."""
    text = (REPO_ROOT / "docs" / "security" / "input-and-limits.md").read_text()
    table = text.split("| Limit | Value | Enforced by |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| [^|]+ \| ([^|]+) \| `([\w.]+):([^`]+)` \|$", table, re.M)
    return [(value.strip(), module, expression) for value, module, expression in rows]


def _in_code(module: str, expression: str):
    name, key, call = re.fullmatch(r'(\w+)(?:\["([\w-]+)"\])?(\(\))?', expression).groups()
    value = getattr(importlib.import_module(module), name)
    if key:
        value = value[key]
    return value() if call else value


def _documented(value: str):
    if match := re.fullmatch(r"(\d+) per (\d+) (minutes|hour|hours)", value):
        limit, amount, unit = match.groups()
        return int(limit), dt.timedelta(**{unit if unit != "hour" else "hours": int(amount)})
    number, unit = re.fullmatch(r"(\d+)(?: (KiB|MiB|GiB))?", value).groups()
    return int(number) * UNITS.get(unit, 1)


@pytest.mark.django_db
def test_documented_limits_match_the_code():
    limits = _documented_limits()
    assert len(limits) >= 15
    wrong = []
    for value, module, expression in limits:
        actual = _in_code(module, expression)
        if hasattr(actual, "window"):
            actual = (actual.limit, actual.window)
        if _documented(value) != actual:
            wrong.append(f"{module}:{expression} is {actual}, the document says {value}")
    assert not wrong, "docs/security/input-and-limits.md is out of date:\n" + "\n".join(wrong)
