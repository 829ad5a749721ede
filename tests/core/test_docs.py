"""The documentation keeps up with the code: every `lam` command is in docs/commands.md, and every
relative link in README.md and docs/ points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lam_bringup.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _subcommands() -> list[str]:
    """`demo`, `run`, ... and `bench sim`, `bench agent`, ...: every command a user can type."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    names = sorted(sub.choices)  # type: ignore[arg-type]
    bench = sub.choices["bench"]  # type: ignore[index]
    areas = next(a for a in bench._actions if a.dest == "area").choices
    return names + [f"bench {area}" for area in areas]


def test_every_lam_command_is_documented() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    missing = [name for name in _subcommands() if f"lam {name}" not in text]
    assert not missing, f"docs/commands.md does not mention: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (doc.parent / target).exists():
            broken.append(target)
    assert not broken, f"{doc.name}: links to missing files {broken}"
