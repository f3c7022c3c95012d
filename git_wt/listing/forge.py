"""Pull/merge request and CI status for `git wt list --full`, through the `gh` or `glab` CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from git_wt import proc
from git_wt.git.repository import Repository
from git_wt.git.run import scrubbed_env
from git_wt.git.shacache import read_fresh, write_json

# Forge answers change by the minute; a short memory still spares back-to-back runs.
TTL_SECONDS = 30.0
TIMEOUT_SECONDS = 8.0

# Worst first: the status a pull request shows is the worst of its checks.
_RANK = ("failed", "conflicts", "running", "passed", "no_ci")

_GITHUB_FAILED = {
    "FAILURE",
    "TIMED_OUT",
    "CANCELLED",
    "ACTION_REQUIRED",
    "STARTUP_FAILURE",
    "ERROR",
}
_GITHUB_RUNNING = {"QUEUED", "IN_PROGRESS", "WAITING", "PENDING", "REQUESTED", "EXPECTED"}
_GITLAB = {
    "success": "passed",
    "failed": "failed",
    "canceled": "failed",
    "running": "running",
    "pending": "running",
    "created": "running",
    "preparing": "running",
    "scheduled": "running",
    "waiting_for_resource": "running",
    "skipped": "no_ci",
    "manual": "no_ci",
}


@dataclass(frozen=True)
class PullRequest:
    provider: str  # "github" | "gitlab"
    number: int
    url: str
    status: str  # passed | running | failed | conflicts | no_ci
    draft: bool = False
    head_sha: str | None = None
    stale: bool = False  # the forge has another commit than the local branch

    @property
    def label(self) -> str:
        return f"{'!' if self.provider == 'gitlab' else '#'}{self.number}"

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "number": self.number,
            "url": self.url,
            "status": self.status,
            "draft": self.draft,
            "stale": self.stale,
        }


@dataclass
class Lookup:
    pulls: dict[str, PullRequest] = field(default_factory=dict)
    note: str | None = None  # why nothing could be fetched, when that is worth saying


def provider_for(repo: Repository) -> tuple[str, str] | None:
    """(provider, CLI path) for the primary remote, or None when no CLI applies."""
    remote = repo.primary_remote()
    url = (repo.config.get(f"remote.{remote}.url") or "") if remote else ""
    host = url.lower()
    gh, glab = shutil.which("gh"), shutil.which("glab")
    if "gitlab" in host:
        return ("gitlab", glab) if glab else None
    if "github" in host:
        return ("github", gh) if gh else None
    if gh:
        return "github", gh
    if glab:
        return "gitlab", glab
    return None


def lookup(repo: Repository, branches: dict[str, str | None]) -> Lookup:
    """Open pull requests of these branches (name -> local tip SHA), never raising."""
    found = provider_for(repo)
    if found is None:
        return Lookup()  # no CLI installed: an empty column, nothing to complain about
    provider, tool = found
    cache_file = _cache_file(repo, provider)
    doc = read_fresh(cache_file, TTL_SECONDS)
    if not isinstance(doc, dict) or not isinstance(doc.get("pulls"), dict):
        fetched = _fetch(repo, provider, tool, set(branches))
        if isinstance(fetched, str):
            return Lookup(note=fetched)
        doc = {"pulls": {name: asdict(pr) for name, pr in fetched.items()}}
        write_json(cache_file, doc)
    pulls: dict[str, PullRequest] = {}
    for name, raw in doc["pulls"].items():
        if name not in branches or not isinstance(raw, dict):
            continue
        try:
            pr = PullRequest(**{k: v for k, v in raw.items() if k != "stale"})
        except TypeError:
            continue
        local = branches[name]
        pulls[name] = PullRequest(
            pr.provider, pr.number, pr.url, pr.status, pr.draft, pr.head_sha,
            stale=bool(local and pr.head_sha and local != pr.head_sha),
        )  # fmt: skip
    return Lookup(pulls)


def _cache_file(repo: Repository, provider: str) -> str:
    remote = repo.primary_remote() or ""
    url = repo.config.get(f"remote.{remote}.url") or ""
    digest = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:12]
    return os.path.join(repo.state_dir, "cache", "ci", f"{provider}-{digest}.json")


def _run(tool: str, args: list[str], cwd: str) -> tuple[Any, str | None]:
    """Run a forge CLI; (parsed JSON, None) or (None, a one-line reason)."""
    name = os.path.basename(tool)
    env = scrubbed_env({"GH_PROMPT_DISABLED": "1", "NO_COLOR": "1", "GIT_TERMINAL_PROMPT": "0"})
    try:
        done = proc.run([tool, *args], cwd=cwd, env=env, timeout=TIMEOUT_SECONDS)
    except proc.TimedOut:
        return None, f"{name} did not answer within {TIMEOUT_SECONDS:.0f}s"
    except OSError as exc:
        return None, f"{name} could not run: {exc.strerror}"
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return None, f"{name} failed: {lines[-1] if lines else f'exit status {done.returncode}'}"
    try:
        return json.loads(done.stdout or "null"), None
    except ValueError:
        return None, f"{name} printed something that is not JSON"


def _fetch(
    repo: Repository, provider: str, tool: str, wanted: set[str]
) -> dict[str, PullRequest] | str:
    cwd = repo.toplevel or repo.repo_path
    if provider == "github":
        return _github(tool, cwd, wanted)
    return _gitlab(tool, cwd, wanted)


def _github(tool: str, cwd: str, wanted: set[str]) -> dict[str, PullRequest] | str:
    fields = "number,url,headRefName,headRefOid,isDraft,mergeable,statusCheckRollup"
    data, problem = _run(
        tool, ["pr", "list", "--state", "open", "--limit", "200", "--json", fields], cwd
    )
    if problem is not None:
        return problem
    pulls: dict[str, PullRequest] = {}
    for item in data if isinstance(data, list) else []:
        name = item.get("headRefName")
        if not isinstance(name, str) or name not in wanted or name in pulls:
            continue
        status = _github_checks(item.get("statusCheckRollup") or [])
        if item.get("mergeable") == "CONFLICTING" and status != "failed":
            status = "conflicts"
        pulls[name] = PullRequest(
            "github",
            int(item.get("number") or 0),
            str(item.get("url") or ""),
            status,
            bool(item.get("isDraft")),
            item.get("headRefOid"),
        )
    return pulls


def _github_checks(checks: list[Any]) -> str:
    seen = set()
    for check in checks:
        if not isinstance(check, dict):
            continue
        state = str(check.get("conclusion") or check.get("state") or "").upper()
        progress = str(check.get("status") or "").upper()
        if progress and progress != "COMPLETED" and not check.get("conclusion"):
            seen.add("running")
        elif state in _GITHUB_FAILED:
            seen.add("failed")
        elif state in _GITHUB_RUNNING:
            seen.add("running")
        else:
            seen.add("passed")
    return _worst(seen)


def _gitlab(tool: str, cwd: str, wanted: set[str]) -> dict[str, PullRequest] | str:
    data, problem = _run(tool, ["mr", "list", "--per-page", "100", "--output", "json"], cwd)
    if problem is not None:
        return problem
    mine = {}
    for item in data if isinstance(data, list) else []:
        name = item.get("source_branch")
        if isinstance(name, str) and name in wanted and name not in mine:
            mine[name] = item

    def pipeline(item: dict[str, Any]) -> str:
        # The list does not carry pipelines; one view per request does.
        full, _ = _run(tool, ["mr", "view", str(item.get("iid")), "--output", "json"], cwd)
        source = full if isinstance(full, dict) else item
        status = (source.get("head_pipeline") or source.get("pipeline") or {}).get("status")
        return _GITLAB.get(str(status), "no_ci") if status else "no_ci"

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = dict(zip(mine, pool.map(pipeline, mine.values()), strict=True))
    pulls = {}
    for name, item in mine.items():
        status = statuses[name]
        if item.get("has_conflicts") and status != "failed":
            status = "conflicts"
        pulls[name] = PullRequest(
            "gitlab",
            int(item.get("iid") or 0),
            str(item.get("web_url") or ""),
            status,
            bool(item.get("draft") or item.get("work_in_progress")),
            item.get("sha"),
        )
    return pulls


def _worst(seen: set[str]) -> str:
    for status in _RANK:
        if status in seen:
            return status
    return "no_ci"
