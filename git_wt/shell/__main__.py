"""Regenerate the shipped spec and the shell/, completions/ copies: `python -m git_wt.shell`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from git_wt.cli.tree import cli_spec
from git_wt.shell.generate import repository_files
from git_wt.shell.spec import SPEC_FILE, to_json

PACKAGE = Path(__file__).resolve().parent


def generated_files(root: Path) -> dict[Path, str]:
    """Every generated file, from the parser as it is now: path -> content. The spec is
    package data, so it goes into this package; the copies go into the checkout `root`."""
    spec = cli_spec()
    files = {PACKAGE / "data" / SPEC_FILE: to_json(spec)}
    files.update({root / rel: text for rel, text in repository_files(spec).items()})
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m git_wt.shell", description=__doc__)
    parser.add_argument(
        "--root",
        default=str(PACKAGE.parents[1]),
        help="the repository checkout (default: the one this package is in)",
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    for path, content in generated_files(Path(args.root)).items():
        current = path.read_text("utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
    verb = "out of date" if args.check else "rewrote"
    for path in stale:
        sys.stderr.write(f"{verb}: {_shown(path, Path(args.root))}\n")
    return 1 if args.check and stale else 0


def _shown(path: Path, root: Path) -> str:
    for base in (root, PACKAGE.parents[1]):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
