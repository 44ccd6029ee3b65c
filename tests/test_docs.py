"""The docs follow the tree, in the manner of sqlite-utils' tests/test_docs.py: one test per
package and per command, each failing with the name that is missing.

- every package (a folder with __init__.py under auditor/, auditor.spiders and
  auditor.checklists included) has a section heading in docs/architecture.md naming it;
- every command of the click group is shown as `auditor NAME` in README.md or docs/*.md;
- every relative link of README.md and docs/*.md points to a file that exists;
- every module cited there (`auditor/x/y.py` or `auditor.x.y`, an attribute of it allowed)
  exists, and so does every cited path under spiders/, checklists/, tests/ and benchmarks/;
- every markdown page a comment or docstring of the code cites is in the repository (a
  design card kept elsewhere is no reference for a reader of the tree);
- every package's docstring opens with a one-line summary of its job.

The checkers are plain functions over text, so the last tests run each of them on a small
made-up input that must fail.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from pathlib import Path
from urllib.parse import unquote

import click
import pytest

from auditor.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

HEADING_NAME = re.compile(r"`(auditor(?:\.\w+)*)`")
COMMAND = re.compile(r"\bauditor ([a-z][a-z-]*)")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
PROJECT_PATH = re.compile(
    r"(?<![\w/.-])(?:auditor|spiders|checklists|tests|benchmarks)/[A-Za-z_][\w/.*-]*"
)
DOTTED = re.compile(r"(?<![\w/.-])auditor(?:\.[A-Za-z_]\w*)+")
# `data/auditor.db`, `auditor.toml`, systemd's `auditor.timer`: file names, not modules
FILE_SUFFIXES = {"db", "toml", "json", "log", "zip", "html", "xlsx", "csv", "pdf", "txt"}
FILE_SUFFIXES |= {"service", "timer"}
MARKDOWN = re.compile(r"(?<![\w/.:-])[\w./-]*\w\.md\b")
CODE_FOLDERS = ("auditor", "spiders", "checklists", "tests", "benchmarks")


def packages(root: Path) -> list[str]:
    """Dotted names of the folders with __init__.py under root/auditor (symlinks followed)."""
    found = []
    for folder, dirs, files in os.walk(root / "auditor", followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        if "__init__.py" in files:
            found.append(".".join(Path(folder).relative_to(root).parts))
    return sorted(found)


def heading_names(text: str) -> set[str]:
    """Package names written in backticks on a markdown heading line."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#"):
            names.update(HEADING_NAME.findall(line))
    return names


def missing_packages(names: list[str], text: str) -> list[str]:
    headed = heading_names(text)
    return [name for name in names if name not in headed]


def commands() -> list[str]:
    return list(cli.list_commands(click.Context(cli)))


def missing_commands(names: list[str], text: str) -> list[str]:
    shown = set(COMMAND.findall(text))
    return [name for name in names if name not in shown]


def broken_links(doc: Path, text: str) -> list[str]:
    """Relative link targets of a markdown file that do not exist beside it."""
    bad = []
    for target in LINK.findall(text):
        if target.startswith("#") or SCHEME.match(target):
            continue
        path = unquote(target.split("#", 1)[0])
        if not (doc.parent / path).exists():
            bad.append(target)
    return bad


def missing_modules(root: Path, text: str) -> list[str]:
    """Cited paths (`auditor/...`, `spiders/...`, `tests/...`, ...) and `auditor.x.y` names
    that do not exist under root."""
    bad = []
    for cited in PROJECT_PATH.findall(text):
        path = cited.rstrip(".,")
        exists = any(root.glob(path)) if "*" in path else (root / path).exists()
        if not exists:
            bad.append(path)
    for cited in DOTTED.findall(text):
        parts = cited.split(".")
        if len(parts) == 2 and parts[1] in FILE_SUFFIXES:
            continue
        if not _resolves(root, parts):
            bad.append(cited)
    return bad


def _resolves(root: Path, parts: list[str]) -> bool:
    """A module or package, or one name defined or imported in it."""
    for cut in range(len(parts), 0, -1):
        base = root.joinpath(*parts[:cut])
        source = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if source.is_file():
            rest = parts[cut:]
            if not rest:
                return True
            text = source.read_text(encoding="utf-8")
            return len(rest) == 1 and re.search(rf"\b{re.escape(rest[0])}\b", text) is not None
    return False


def comments_and_docstrings(source: str) -> list[str]:
    """The prose of a Python file: its comments and every docstring."""
    found = [
        tok.string
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(ast.get_docstring(node) or "")
    return found


def missing_pages(root: Path, source_file: Path, prose: str) -> list[str]:
    """Markdown files a comment or docstring cites that are not in the repository."""
    bad = []
    for cited in MARKDOWN.findall(prose):
        if "/" in cited:
            places = [root / cited, source_file.parent / cited]
        else:
            places = [root / cited, root / "docs" / cited, source_file.parent / cited]
        if not any(place.is_file() for place in places):
            bad.append(cited)
    return bad


def summary_problem(source: str) -> str | None:
    """Why a package's docstring does not open with a one-line summary, or None."""
    doc = ast.get_docstring(ast.parse(source))
    if not doc:
        return "no module docstring"
    lines = doc.splitlines()
    if not lines[0].rstrip().endswith("."):
        return f"first line is not a whole sentence: {lines[0]!r}"
    if len(lines) > 1 and lines[1].strip():
        return "the summary runs onto a second line"
    return None


# --- the project's own docs ------------------------------------------------------------------


@pytest.fixture(scope="session")
def architecture() -> str:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def all_docs() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOC_FILES)


def test_the_tree_has_the_stages() -> None:
    found = packages(ROOT)
    for name in ("auditor.crawl", "auditor.spiders", "auditor.store", "auditor.report"):
        assert name in found


@pytest.mark.parametrize("package", packages(ROOT))
def test_package_has_a_section_in_architecture(architecture: str, package: str) -> None:
    assert missing_packages([package], architecture) == [], (
        f"docs/architecture.md has no heading naming `{package}`"
    )


@pytest.mark.parametrize("command", commands())
def test_command_is_documented(all_docs: str, command: str) -> None:
    assert missing_commands([command], all_docs) == [], (
        f"`auditor {command}` appears neither in README.md nor in docs/*.md"
    )


def test_worker_is_a_command() -> None:
    assert "worker" in commands()


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_links_point_to_files_that_exist(doc: Path) -> None:
    assert broken_links(doc, doc.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_cited_modules_exist(doc: Path) -> None:
    assert missing_modules(ROOT, doc.read_text(encoding="utf-8")) == []


def code_files() -> list[Path]:
    found = []
    for folder in CODE_FOLDERS:
        found += sorted((ROOT / folder).rglob("*.py"))
    return [path for path in found if "__pycache__" not in path.parts]


def test_comments_and_docstrings_cite_only_pages_in_the_repository() -> None:
    bad = []
    for path in code_files():
        prose = "\n".join(comments_and_docstrings(path.read_text(encoding="utf-8")))
        bad += [f"{path.relative_to(ROOT)}: {page}" for page in missing_pages(ROOT, path, prose)]
    for path in sorted((ROOT / "checklists").glob("*.toml")):
        comments = [
            line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")
        ]
        bad += [
            f"{path.relative_to(ROOT)}: {page}"
            for page in missing_pages(ROOT, path, "\n".join(comments))
        ]
    assert bad == []


@pytest.mark.parametrize("package", packages(ROOT))
def test_package_docstring_opens_with_its_job(package: str) -> None:
    init = ROOT.joinpath(*package.split("."), "__init__.py")
    assert summary_problem(init.read_text(encoding="utf-8")) is None, init


# --- the checkers, on made-up input that must fail -------------------------------------------


def test_a_package_without_a_heading_is_missing() -> None:
    text = "# Architecture\n\n### `auditor.crawl`\nThe crawl. `auditor.judge` is named in prose.\n"
    assert missing_packages(["auditor.crawl", "auditor.judge"], text) == ["auditor.judge"]


def test_packages_are_found_through_symlinks(tmp_path: Path) -> None:
    (tmp_path / "spiders").mkdir()
    (tmp_path / "spiders" / "__init__.py").write_text('"""S."""\n', encoding="utf-8")
    (tmp_path / "auditor" / "crawl").mkdir(parents=True)
    for folder in ("auditor", "auditor/crawl"):
        (tmp_path / folder / "__init__.py").write_text('"""P."""\n', encoding="utf-8")
    (tmp_path / "auditor" / "data").mkdir()  # no __init__.py: not a package
    (tmp_path / "auditor" / "spiders").symlink_to(tmp_path / "spiders")
    assert packages(tmp_path) == ["auditor", "auditor.crawl", "auditor.spiders"]


def test_a_command_nobody_mentions_is_missing() -> None:
    text = "Run `auditor audit plan.toml`, then\n\n    auditor report 4 --db x.db\n"
    assert missing_commands(["audit", "report", "worker"], text) == ["worker"]


def test_a_link_to_a_missing_file_is_broken(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "crawl.md").write_text("# Crawl\n", encoding="utf-8")
    (tmp_path / "docs" / "img").mkdir()
    (tmp_path / "README.md").write_text("", encoding="utf-8")
    doc = tmp_path / "docs" / "index.md"
    text = (
        "[crawl](crawl.md) [anchor](crawl.md#scope) [here](#top) [web](https://example.org/x.md)"
        " [readme](../README.md) ![shot](img/gone.png) [old](DESIGN.md) [stage](judge.md#x)"
    )
    assert broken_links(doc, text) == ["img/gone.png", "DESIGN.md", "judge.md#x"]


def test_a_cited_module_that_does_not_exist_is_missing(tmp_path: Path) -> None:
    (tmp_path / "auditor" / "crawl").mkdir(parents=True)
    (tmp_path / "auditor" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "auditor" / "crawl" / "__init__.py").write_text(
        "from auditor.crawl.run import run_crawl\n", encoding="utf-8"
    )
    (tmp_path / "auditor" / "crawl" / "run.py").write_text("def run_crawl(): ...\n", "utf-8")
    text = (
        "See `auditor/crawl/run.py`, `auditor/crawl/`, `auditor/crawl/r*.py` and `auditor.crawl.run`;"
        " a user agent `auditor/0.1`; call"
        " `auditor.crawl.run_crawl(inspection, store)` or `auditor.crawl.run:run_crawl`; the"
        " database is `data/auditor.db` or `auditor.db`. Gone: `auditor/crawl_parallel.py`,"
        " `auditor/linkcheck/`, `auditor/evidence*.py`, auditor.crawl.parallel,"
        " `auditor.crawl.run_parallel`, `tests/test_crawl_world.py`."
    )
    assert missing_modules(tmp_path, text) == [
        "auditor/crawl_parallel.py",
        "auditor/linkcheck/",
        "auditor/evidence*.py",
        "tests/test_crawl_world.py",
        "auditor.crawl.parallel",
        "auditor.crawl.run_parallel",
    ]


def test_a_comment_citing_a_page_outside_the_repository_fails(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.md").write_text("# Report\n", encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "README.md").write_text("# Pkg\n", encoding="utf-8")
    source = tmp_path / "pkg" / "mod.py"
    text = (
        '"""The contract (DESIGN.md section 3); see docs/report.md and README.md."""\n'
        "# Rules: report.md, docs/judge.md; https://example.org/notes.md is a web page.\n"
        "def f():\n"
        '    """Precedence of docs/old.md."""\n'
        '    return "out.md"  # a string the code writes, not a citation\n'
    )
    prose = "\n".join(comments_and_docstrings(text))
    assert missing_pages(tmp_path, source, prose) == ["docs/judge.md", "DESIGN.md", "docs/old.md"]


def test_a_docstring_without_a_one_line_summary_fails() -> None:
    assert summary_problem('"""The crawl stage: pages into the store.\n\nMore.\n"""\n') is None
    assert summary_problem("x = 1\n") == "no module docstring"
    wrapped = '"""The crawl stage: Scrapy runs, scope,\nsoft-404s and progress."""\n'
    assert (
        summary_problem(wrapped)
        == "first line is not a whole sentence: 'The crawl stage: Scrapy runs, scope,'"
    )
    two = '"""The crawl stage.\nScrapy runs."""\n'
    assert summary_problem(two) == "the summary runs onto a second line"
