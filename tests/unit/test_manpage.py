"""The shipped man page is exactly what the generator makes from the CLI definition."""

from __future__ import annotations

from pathlib import Path

from git_wt.cli.manpage import generate

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_man_page_matches_the_cli() -> None:
    shipped = (ROOT / "docs" / "man" / "git-wt.1").read_text(encoding="utf-8")
    assert shipped == generate(), "regenerate: python -m git_wt.cli.manpage > docs/man/git-wt.1"


def test_man_page_names_every_command() -> None:
    from git_wt.commands import COMMAND_MODULES

    page = generate()
    for name in COMMAND_MODULES:
        assert f".SS git wt {name}\n" in page
