"""The per-invocation context handed to every command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from git_wt.ui.output import Output

if TYPE_CHECKING:
    from git_wt.git.repository import Repository


@dataclass(frozen=True)
class Context:
    cwd: str
    verbose: bool = False
    out: Output = field(default_factory=Output)
    # Run once on the repository when it is first opened: the CLI passes the recovery
    # of operations a killed git-wt left half done (ops.transaction.recover).
    on_open: Callable[[Repository, Output], None] | None = None
    _cache: dict[str, Repository] = field(default_factory=dict, repr=False, compare=False)

    def discovered(self) -> Repository | None:
        """The repository, if this command has looked for it already."""
        return self._cache.get("repo")

    def repo(self) -> Repository:
        """The repository around `cwd`, discovered once."""
        if "repo" not in self._cache:
            from git_wt.git.repository import Repository

            repo = Repository.discover(self.cwd, verbose=self.verbose)
            self._cache["repo"] = repo
            if self.on_open is not None:
                self.on_open(repo, self.out)
        return self._cache["repo"]
