"""git config as git-wt reads it: one snapshot of all scopes per command, typed getters,
and the writes."""

from __future__ import annotations

from collections.abc import Iterator

from git_wt.errors import ConfigError
from git_wt.git.run import Git

_TRUE = {"true", "yes", "on", "1", ""}
_FALSE = {"false", "no", "off", "0"}

_READ_PATTERN = r"^(wt|remote|init|checkout|core|branch)\."


def _canonical(key: str) -> str:
    """git lowercases section and variable names but keeps subsection case."""
    first, _, rest = key.partition(".")
    if not rest:
        return key.lower()
    middle, dot, last = rest.rpartition(".")
    if not dot:
        return f"{first.lower()}.{rest.lower()}"
    return f"{first.lower()}.{middle}.{last.lower()}"


class Config:
    """A snapshot of the config keys git-wt reads, in git's order, all scopes."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        self.entries = entries
        self._last: dict[str, str] = {}
        for key, value in entries:
            self._last[key] = value

    @classmethod
    def load(cls, git: Git, cwd: str | None = None) -> Config:
        result = git.run("config", "-z", "--get-regexp", _READ_PATTERN, cwd=cwd, check=False)
        if result.returncode not in (0, 1):
            raise ConfigError(
                f"git could not read its configuration: {result.stderr.strip()}",
                hint="fix the file git names above, then run the command again",
            )
        entries: list[tuple[str, str]] = []
        for record in result.stdout.split("\0"):
            if not record:
                continue
            key, _, value = record.partition("\n")
            entries.append((key, value))
        return cls(entries)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._last.get(_canonical(key), default)

    def get_all(self, key: str) -> list[str]:
        want = _canonical(key)
        return [v for k, v in self.entries if k == want]

    def get_bool(self, key: str, *, default: bool) -> bool:
        value = self.get(key)
        if value is None:
            return default
        return parse_bool(key, value)

    def get_int(self, key: str, default: int) -> int:
        value = self.get(key)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise ConfigError(
                f"{key} must be a whole number, not {value!r}",
                hint=f"git config --unset {key}",
            ) from None

    def items_with_prefix(self, prefix: str) -> Iterator[tuple[str, str]]:
        for key, value in self.entries:
            if key.startswith(prefix):
                yield key, value

    def remotes(self) -> list[str]:
        """Remote names in config order (those with a URL)."""
        names: list[str] = []
        for key, _ in self.entries:
            if key.startswith("remote.") and key.endswith(".url"):
                name = key[len("remote.") : -len(".url")]
                if name not in names:
                    names.append(name)
        return names


def parse_bool(key: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(
        f"{key} must be a boolean (true/false/yes/no/on/off/1/0), not {value!r}",
        hint=f"git config {key} true",
    )


def set_local(git: Git, key: str, value: str, cwd: str | None = None) -> None:
    git.run("config", "--local", "--", key, value, cwd=cwd)


def unset_local(git: Git, key: str, cwd: str | None = None) -> bool:
    """Remove a local key; False when it was not set."""
    result = git.run("config", "--local", "--unset-all", "--", key, cwd=cwd, check=False)
    return result.returncode == 0
