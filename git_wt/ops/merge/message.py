"""Commit messages: a configured generator command (an LLM CLI) or a plain fallback."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from git_wt import proc
from git_wt.config import keys
from git_wt.context import Context
from git_wt.errors import ConfigError
from git_wt.git.history import Commit
from git_wt.git.repository import Repository
from git_wt.git.run import scrubbed_env
from git_wt.templates.quoting import quote_arg

GENERATOR_KEY = keys.COMMIT_GENERATION_COMMAND
TIMEOUT_KEY = keys.COMMIT_GENERATION_TIMEOUT
DEFAULT_TIMEOUT = 120  # seconds; LLM CLIs often need tens of seconds
DIFF_BUDGET = 100_000  # characters of diff handed to the generator
PER_FILE_LINES = 60
STAT_LINES = 200
RECENT_SUBJECTS = 5

_LOCK_FILES = (
    ".lock",
    "-lock.json",
    "-lock.yaml",
    ".lock.hcl",
    "go.sum",
    "npm-shrinkwrap.json",
)

_INSTRUCTIONS = """\
Write the commit message for the change below.

Rules:
- First line: a summary in the imperative mood ("Add", "Fix", ...), at most 72 characters.
- If the change needs explaining, add a blank line and a short body wrapped at 72 columns:
  say why, not a list of every file.
- Match the style of the recent subjects when they follow a convention.
- Reply with the message only: no preamble, no quotes, no code fences.
"""


@dataclass(frozen=True)
class Change:
    """What a commit will contain, for the prompt and the fallback message."""

    branch: str
    paths: Sequence[str]
    diff: str
    stat: str
    recent: Sequence[str] = ()
    squashed: Sequence[Commit] = ()
    target: str | None = None
    had_uncommitted: bool = False


def gather(
    repo: Repository,
    worktree: str,
    branch: str,
    base: str,
    paths: Sequence[str],
    *,
    squashed: Sequence[Commit] = (),
    target: str | None = None,
    had_uncommitted: bool = False,
    env: Mapping[str, str] | None = None,
) -> Change:
    """Collect the staged change against `base` (HEAD for a commit, the merge-base for a squash)."""
    common = ["-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false"]
    diff = repo.git.run(
        *common,
        "diff",
        "--cached",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        base,
        "--",
        cwd=worktree,
        env=env,
    ).stdout
    stat = repo.git.run(
        "diff", "--cached", "--no-color", "--stat=100", base, "--", cwd=worktree, env=env
    ).stdout
    recent = repo.git.run(
        "log",
        f"--max-count={RECENT_SUBJECTS}",
        "--format=%s",
        base,
        "--",
        cwd=worktree,
        check=False,
    ).stdout.splitlines()
    return Change(
        branch=branch,
        paths=list(paths),
        diff=diff,
        stat="\n".join(stat.splitlines()[:STAT_LINES]),
        recent=recent,
        squashed=list(squashed),
        target=target,
        had_uncommitted=had_uncommitted,
    )


# -- the prompt ----------------------------------------------------------------------


def cap_diff(diff: str, budget: int = DIFF_BUDGET) -> str:
    """Fit a diff into `budget` characters: lock files go first, then long files shrink."""
    if len(diff) <= budget:
        return diff
    sections = _split_files(diff)
    kept = [s for s in sections if not _is_lock_section(s)]
    dropped = len(sections) - len(kept)
    text = "".join(kept)
    if len(text) > budget:
        text = "".join(_shorten(s) for s in kept)
    if len(text) > budget:
        text = text[:budget].rsplit("\n", 1)[0] + "\n"
        text += "[... the rest of the diff is left out to keep the prompt small ...]\n"
    if dropped:
        text += f"[... {dropped} lock file diff(s) left out ...]\n"
    return text


def _split_files(diff: str) -> list[str]:
    sections: list[str] = []
    current: list[str] = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("diff --git ") and current:
            sections.append("".join(current))
            current = []
        current.append(line)
    if current:
        sections.append("".join(current))
    return sections


def _is_lock_section(section: str) -> bool:
    header = section.split("\n", 1)[0]
    name = header.rsplit(" b/", 1)[-1]
    return name.endswith(_LOCK_FILES)


def _shorten(section: str) -> str:
    lines = section.splitlines(keepends=True)
    if len(lines) <= PER_FILE_LINES:
        return section
    cut = [line if len(line) <= 400 else line[:400] + "…\n" for line in lines[:PER_FILE_LINES]]
    return "".join(cut) + f"[... {len(lines) - PER_FILE_LINES} more lines of this file ...]\n"


def build_prompt(change: Change) -> str:
    parts = [_INSTRUCTIONS, f"\nBranch: {change.branch}\n"]
    if change.target:
        parts.append(f"It will be merged into: {change.target}\n")
    if change.recent:
        parts.append("\nRecent commit subjects:\n")
        parts.extend(f"- {s}\n" for s in change.recent)
    if change.squashed:
        parts.append(
            "\nThis commit replaces the following commits (oldest first); "
            "summarise them as one change:\n"
        )
        for commit in change.squashed:
            parts.append(f"- {commit.subject}\n")
            if commit.body:
                parts.extend(f"    {line}\n" for line in commit.body.splitlines()[:10])
        if change.had_uncommitted:
            parts.append("- (plus changes that were not committed yet)\n")
    parts.append("\nFiles changed:\n")
    parts.append(change.stat if change.stat.endswith("\n") else change.stat + "\n")
    parts.append("\nDiff:\n")
    parts.append(cap_diff(change.diff))
    return "".join(parts)


# -- the fallback --------------------------------------------------------------------


def fallback_commit(paths: Sequence[str]) -> str:
    """`Changes to a.txt, b.txt`; deterministic, from the file names alone."""
    names: list[str] = []
    for path in paths:
        name = os.path.basename(path.rstrip("/")) or path
        if name not in names:
            names.append(name)
    if not names:
        return "Changes"
    if len(names) <= 3:
        return "Changes to " + ", ".join(names)
    return f"Changes to {', '.join(names[:2])} and {len(names) - 2} other files"


def fallback_squash(branch: str, squashed: Sequence[Commit], *, had_uncommitted: bool) -> str:
    if len(squashed) == 1 and had_uncommitted:
        return squashed[0].subject + "\n\n(includes changes that were not yet committed)"
    count = len(squashed)
    lines = [f"{branch}: squashed {count} commit{'s' if count != 1 else ''}", ""]
    lines.extend(f"- {c.subject}" for c in squashed)
    if had_uncommitted:
        lines.append("- uncommitted changes")
    return "\n".join(lines).rstrip()


# -- running the generator ------------------------------------------------------------


def generator_command(repo: Repository) -> str | None:
    """The configured command; "" means the user turned generation off on purpose."""
    return repo.config.get(GENERATOR_KEY)


def generator_timeout(repo: Repository) -> int:
    value = repo.config.get_int(TIMEOUT_KEY, DEFAULT_TIMEOUT)
    if value <= 0:
        raise ConfigError(f"{TIMEOUT_KEY} must be a positive number of seconds", hint=None)
    return value


def clean_output(text: str) -> str:
    """The message from a generator's stdout: trimmed, one enclosing code fence removed."""
    text = text.strip()
    lines = text.splitlines()
    if len(lines) >= 2 and lines[0].startswith("```") and lines[-1].strip() == "```":
        text = "\n".join(lines[1:-1]).strip()
    return text


def run_generator(command: str, prompt: str, cwd: str, timeout: int) -> tuple[str | None, str]:
    """Run `sh -c COMMAND` with the prompt on stdin: (message, "") or (None, why it failed)."""
    env = scrubbed_env({"GIT_WT_COMMIT_PROMPT": "1"})
    data = prompt.encode("utf-8", "surrogateescape")
    try:
        done = proc.run_shell(command, cwd=cwd, env=env, input=data, timeout=timeout)
    except proc.TimedOut:
        return None, f"it did not answer within {timeout} s ({TIMEOUT_KEY})"
    stderr = done.stderr.strip()
    if done.returncode != 0:
        last = stderr.splitlines()[-1] if stderr else ""
        return None, f"it exited with status {done.returncode}" + (f": {last}" if last else "")
    message = clean_output(done.stdout)
    if not message:
        return None, "it printed nothing"
    return message, ""


def message_for(ctx: Context, repo: Repository, worktree: str, change: Change) -> str:
    """The generator's message, or the fallback with a warning saying why."""
    fallback = (
        fallback_squash(change.branch, change.squashed, had_uncommitted=change.had_uncommitted)
        if change.squashed
        else fallback_commit(change.paths)
    )
    command = generator_command(repo)
    if command is None:
        ctx.out.warning("using a plain commit message: no generator is configured")
        ctx.out.hint(f"git config {GENERATOR_KEY} 'llm -m MODEL' (recipes: docs/merge.md)")
        return fallback
    if not command.strip():
        return fallback  # set to "" on purpose: plain messages without a warning
    ctx.out.progress(f"writing the commit message with: {command}")
    message, why = run_generator(command, build_prompt(change), worktree, generator_timeout(repo))
    if message is None:
        ctx.out.warning(f"the commit message generator failed, so a plain message is used: {why}")
        ctx.out.hint(
            f"try it by hand: git wt step commit --show-prompt | sh -c {quote_arg(command)}"
        )
        return fallback
    return message
