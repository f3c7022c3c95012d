"""Which project-file commands the user has approved, per project, in approvals.toml."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from git_wt.config.project import toml_loads
from git_wt.errors import ConfigError, WtError
from git_wt.fs import MIB, atomic_write, file_lock, read_bounded, xdg_dir
from git_wt.git.remotes import parse_remote_url
from git_wt.git.repository import Repository

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

KEY = "approved-commands"


def store_path() -> str:
    """`$XDG_CONFIG_HOME/git-wt/approvals.toml` (XDG's default: ~/.config)."""
    return os.path.join(xdg_dir("XDG_CONFIG_HOME"), "git-wt", "approvals.toml")


def project_identity(repo: Repository) -> str:
    """`host/owner/repo` from the primary remote's URL, else the repository's own path."""
    remote = repo.primary_remote()
    if remote:
        parsed = parse_remote_url(repo.config.get(f"remote.{remote}.url") or "")
        if parsed:
            return "/".join(part for part in parsed if part)
    return os.path.realpath(repo.repo_path)


# Far more approvals than anyone gives; the file is read whole.
_LIMIT = 16 * MIB


def _read_text(path: str) -> str | None:
    hint = f"fix or remove {shlex.quote(path)}"
    try:
        return read_bounded(path, _LIMIT, root=None, hint=hint).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read {path}: {exc}", hint=hint) from None
    except WtError as exc:
        raise ConfigError(exc.message, hint=hint) from None


def _parse_document(text: str, path: str) -> TOMLDocument:
    """The file as tomlkit reads it (comments kept), for changing it."""
    import tomlkit

    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomlkit raises several unrelated types, RecursionError too
        raise ConfigError(
            f"{path}: invalid TOML: {exc}",
            hint=f"fix the file, or start over with: rm {shlex.quote(path)}",
        ) from None


def load_all(path: str | None = None) -> dict[str, list[str]]:
    """Every project's approved command templates (read-only, no lock needed)."""
    path = path or store_path()
    text = _read_text(path)
    if text is None:
        return {}
    try:
        data = toml_loads(text)
    except ValueError as exc:
        raise ConfigError(
            f"{path}: invalid TOML: {exc}",
            hint=f"fix the file, or start over with: rm {shlex.quote(path)}",
        ) from None
    return _validate(data, path)


def _validate(data: dict[str, Any], path: str) -> dict[str, list[str]]:
    projects = data.get("projects", {})
    if not isinstance(projects, dict):
        raise ConfigError(
            f"{path}: `projects` must be a table", hint=f"fix or remove {shlex.quote(path)}"
        )
    result: dict[str, list[str]] = {}
    for identity, entry in projects.items():
        commands = entry.get(KEY, []) if isinstance(entry, dict) else None
        if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands):
            raise ConfigError(
                f"{path}: projects.{identity!r}.{KEY} must be an array of strings",
                hint=f"fix or remove {shlex.quote(path)}",
            )
        result[identity] = list(commands)
    return result


def approved(identity: str, path: str | None = None) -> set[str]:
    return set(load_all(path).get(identity, []))


def _locked(path: str) -> AbstractContextManager[None]:
    """An exclusive lock beside the store, so concurrent writers take turns."""
    return file_lock(path + ".lock", 0o600)


def _write(path: str, text: str) -> None:
    atomic_write(path, text.encode("utf-8"), sync=True)


def add(identity: str, templates: Iterable[str], path: str | None = None) -> list[str]:
    """Approve templates for a project; returns the ones that were new. Keeps comments."""
    import tomlkit

    path = path or store_path()
    wanted = list(dict.fromkeys(templates))
    with _locked(path):
        doc = _parse_document(_read_text(path) or "", path)
        _validate(doc.unwrap(), path)
        projects = doc.get("projects")
        if projects is None:
            projects = tomlkit.table(is_super_table=True)
            doc["projects"] = projects
        entry = projects.get(identity)
        if entry is None:
            entry = tomlkit.table()
            projects[identity] = entry
        commands = entry.get(KEY)
        if commands is None:
            commands = tomlkit.array()
            commands.multiline(True)  # noqa: FBT003 (tomlkit's own signature)
            entry[KEY] = commands
        have = {str(c) for c in commands}
        new = [t for t in wanted if t not in have]
        for template in new:
            commands.append(template)
        if new:
            _write(path, tomlkit.dumps(doc))
    return new


def clear(identity: str | None, path: str | None = None) -> int:
    """Forget one project's approvals (or every project's with None); returns how many."""
    import tomlkit

    path = path or store_path()
    with _locked(path):
        text = _read_text(path)
        if text is None:
            return 0
        doc = _parse_document(text, path)
        data = _validate(doc.unwrap(), path)
        if identity is None:
            removed = sum(len(v) for v in data.values())
            if "projects" in doc:
                del doc["projects"]
        else:
            removed = len(data.get(identity, []))
            if identity in data:
                del doc["projects"][identity]
        if removed or identity is None:
            _write(path, tomlkit.dumps(doc))
    return removed
