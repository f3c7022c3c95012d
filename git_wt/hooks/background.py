"""The detached runner of background hooks: runs the steps it reads on stdin, output to logs."""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any


def main() -> int:
    plan = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogateescape"))
    # git-wt waits for this first process only; the hooks go on in the child.
    if os.fork() != 0:
        os._exit(0)
    steps: list[list[dict[str, Any]]] = plan["steps"]
    for number, step in enumerate(steps):
        failed = run_step(step)
        if failed:
            for later in steps[number + 1 :]:
                for command in later:
                    _note(command["log"], f"not run: {failed} failed in an earlier step", "w")
            return 1
    return 0


def run_step(step: list[dict[str, Any]]) -> str:
    """Start every command of the step, wait for all; returns the labels that failed."""
    from git_wt.proc import describe_status, start_shell, stdin_file

    running = []
    failed = []
    for command in step:
        os.makedirs(os.path.dirname(command["log"]), exist_ok=True)
        log = open(command["log"], "wb")  # noqa: SIM115 - closed after the wait below
        payload = json.dumps(command["payload"]).encode("ascii")
        try:
            with stdin_file(payload) as stdin:
                proc = start_shell(
                    command["text"],
                    cwd=command["cwd"],
                    env=command["env"],
                    stdin=stdin,
                    output=log,
                )
        except OSError as exc:
            _write(log, f"\ngit-wt: could not start the command: {exc}\n")
            log.close()
            failed.append(command["label"])
            continue
        running.append((command, proc, log))
    for command, proc, log in running:
        code = proc.wait()
        if code != 0:
            _write(log, f"\ngit-wt: the command ended with {describe_status(code)}\n")
            failed.append(command["label"])
        log.close()
    return ", ".join(failed)


def _write(log: IO[bytes], text: str) -> None:
    log.write(text.encode("utf-8", "replace"))
    log.flush()


def _note(path: str, text: str, mode: str) -> None:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode, encoding="utf-8") as handle:
            handle.write(f"git-wt: {text}\n")
    except OSError:
        pass


if __name__ == "__main__":
    raise SystemExit(main())
