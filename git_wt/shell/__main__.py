"""Regenerate the top-level shell/ and completions/ folders: `python -m git_wt.shell [--check]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from git_wt.shell.generate import repository_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m git_wt.shell", description=__doc__)
    parser.add_argument(
        "--root",
        default=str(Path(__file__).resolve().parents[2]),
        help="the repository checkout (default: the one this package is in)",
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    root = Path(args.root)
    stale = []
    for rel, content in repository_files().items():
        path = root / rel
        current = path.read_text("utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
    verb = "out of date" if args.check else "rewrote"
    for rel in stale:
        sys.stderr.write(f"{verb}: {rel}\n")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
