"""Run git-wt as ``python -m git_wt``."""

from git_wt.cli import main

raise SystemExit(main())
