"""The one gateway to git: every git call in git-wt goes through `Git.run`."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from git_wt.errors import GitError, WtError

# Variables that point git at a particular repository; a git call aimed at another
# worktree (and every hook) must not inherit them.
REPO_ENV_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_PREFIX",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def scrubbed_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment without repository-locating variables."""
    env = {k: v for k, v in os.environ.items() if k not in REPO_ENV_VARS}
    if extra:
        env.update(extra)
    return env


class Git:
    """Runs git in a directory; `-v` echoes each call to stderr. With `env`, every call
    gets that environment (unless it passes its own) instead of inheriting this process's."""

    def __init__(
        self, cwd: str, *, verbose: bool = False, env: Mapping[str, str] | None = None
    ) -> None:
        self.cwd = cwd
        self.verbose = verbose
        self.env = dict(env) if env is not None else None

    def run(
        self,
        *args: str,
        cwd: str | None = None,
        check: bool = True,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Result:
        argv = ["git", *args]
        where = cwd or self.cwd
        if self.verbose:
            from git_wt.ui.output import Output

            Output().debug(f"$ {shlex.join(argv)}  # in {where}")
        try:
            proc = subprocess.run(
                argv,
                cwd=where,
                input=input,
                capture_output=True,
                encoding="utf-8",
                errors="surrogateescape",
                env=dict(env) if env is not None else self.env,
                check=False,
            )
        except FileNotFoundError as exc:
            if not os.path.isdir(where):
                raise WtError(
                    f"the directory {where} no longer exists",
                    hint="another command may have removed it; see: git wt list",
                ) from None
            raise WtError(
                f"cannot run git in {where}: {exc.strerror}",
                hint="install git (>= 2.39) and make sure it is on PATH",
            ) from None
        result = Result(proc.returncode, proc.stdout, proc.stderr)
        if check and not result.ok:
            raise GitError(argv, result.returncode, result.stderr)
        return result

    def out(self, *args: str, cwd: str | None = None, env: Mapping[str, str] | None = None) -> str:
        """stdout of a git call that must succeed, without the trailing newline."""
        return self.run(*args, cwd=cwd, env=env).stdout.rstrip("\n")

    def ok(self, *args: str, cwd: str | None = None) -> bool:
        """True when the git call exits 0 (for probes such as `merge-base --is-ancestor`)."""
        return self.run(*args, cwd=cwd, check=False).ok
