"""The documentation: sampler pages in step with the docstrings, links that lead somewhere, a
short README, and a benchmarks page that names every script and result."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path
import re
import types

import pytest

import optuna_gfo

REPO = Path(__file__).resolve().parents[2]
# The pages a reader reaches from the README.
PAGES = [
    REPO / "README.md",
    REPO / "benchmarks" / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    *sorted((REPO / "examples").glob("*/README.md")),
    REPO / "embed" / "README.md",
]
README_LIMIT_BYTES = 10 * 1024

_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generate", REPO / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", sorted(_generator().PAGES))
def test_sampler_page_is_its_docstring_rendered(page: str) -> None:
    generate = _generator()
    committed = (REPO / "docs" / page).read_text(encoding="utf-8")
    assert committed == generate.render(generate.PAGES[page]), (
        f"docs/{page} is stale: run python docs/generate.py"
    )


def test_sampler_pages_cover_every_argument_and_section() -> None:
    # The renderer drops nothing: each constructor argument has a row, each docstring section
    # a heading.
    generate = _generator()
    for page, name in generate.PAGES.items():
        text = (REPO / "docs" / page).read_text(encoding="utf-8")
        cls = getattr(optuna_gfo, name)
        for argument in inspect.signature(cls).parameters:
            assert re.search(rf"^\| [^|]*`{argument}`", text, re.MULTILINE), (page, argument)
        titles = re.findall(r"^([A-Z][A-Za-z ]*):$", inspect.getdoc(cls) or "", re.MULTILINE)
        for title in titles:
            heading = "Arguments" if title == "Args" else title
            assert f"\n## {heading}\n" in text, (page, title)


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


def _broken_links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+://", target):
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        if not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(target)
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_links_lead_to_files_and_headings(page: Path) -> None:
    assert page.exists()
    assert not _broken_links(page)


def test_link_check_catches_a_missing_file_and_heading(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# A heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#a-heading) [file](missing.md) [anchor](other.md#nothing) "
        "[web](https://optuna.org)\n",
        encoding="utf-8",
    )
    assert _broken_links(page) == ["missing.md", "other.md#nothing"]


def test_readme_is_short_and_keeps_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < README_LIMIT_BYTES
    commands = re.findall(r"```bash\n(.*?)```", readme, re.DOTALL)
    lines = [line.split("#")[0].strip() for block in commands for line in block.splitlines()]
    # CI (.ci/run) runs the second one.
    assert "bash scripts/quickstart.sh" in lines
    assert "bash scripts/test.sh" in lines


def test_benchmarks_page_names_every_script_and_result() -> None:
    text = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    scripts = sorted((REPO / "benchmarks").glob("*_benchmark.py"))
    assert scripts
    for script in scripts:
        assert f"python benchmarks/{script.name}" in text, script.name
    for result in sorted((REPO / "benchmarks" / "results").glob("*.md")):
        assert f"(results/{result.name})" in text, result.name
