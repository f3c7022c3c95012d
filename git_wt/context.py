"""The per-invocation context handed to every command."""

from __future__ import annotations

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
    _cache: dict[str, Repository] = field(default_factory=dict, repr=False, compare=False)

    def discovered(self) -> Repository | None:
        """The repository, if this command has looked for it already."""
        return self._cache.get("repo")

    def repo(self) -> Repository:
        """The repository around `cwd`, discovered once."""
        if "repo" not in self._cache:
            from git_wt.git.repository import Repository

            self._cache["repo"] = Repository.discover(self.cwd, verbose=self.verbose)
        return self._cache["repo"]
