"""`git wt config shell`: print, install and remove the shell integration."""

from __future__ import annotations

import argparse
import difflib
import shutil
from typing import TYPE_CHECKING, Any

from git_wt.context import Context
from git_wt.errors import WtError
from git_wt.shell import SHELLS
from git_wt.ui.term import can_prompt

if TYPE_CHECKING:
    from git_wt.shell.install import Change


class _ShellChoices(tuple[str, ...]):
    """The shell names; also accepts the empty list argparse checks for `SHELL...`."""

    def __contains__(self, item: object) -> bool:
        return item == [] or tuple.__contains__(self, item)


_CHOICES = _ShellChoices(SHELLS)

DESCRIPTION = """\
Shell integration lets `git wt switch` (and remove, merge) change your shell's
directory, runs -x commands in your shell, and adds TAB completion.

  git wt config shell install            every shell found here (asks first)
  git wt config shell install zsh -y     one shell, without asking
  git wt config shell uninstall          remove it again, byte for byte
  eval "$(git wt config shell init bash)"   load it by hand instead
"""


def add_to(sub: Any) -> None:
    parser_class = sub._parser_class
    shell = sub.add_parser(
        "shell",
        help="shell integration: cd after switch, -x in your shell, completion",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    shell.set_defaults(_run=_need_action)
    actions = shell.add_subparsers(dest="shell_cmd", metavar="ACTION", parser_class=parser_class)
    init = actions.add_parser(
        "init",
        help="print the integration code for a shell",
        description="Print the integration code for SHELL (wrapper functions and completion).",
    )
    init.add_argument("shell", choices=SHELLS, metavar="SHELL")
    init.set_defaults(_run=run_init)
    for name, helptext, runner in (
        ("install", "add the integration to your shells' start-up files", run_install),
        ("uninstall", "remove the integration from your shells' start-up files", run_uninstall),
    ):
        action = actions.add_parser(
            name, help=helptext, description=helptext[0].upper() + helptext[1:] + "."
        )
        action.add_argument(
            "shells",
            nargs="*",
            choices=_CHOICES,
            metavar="SHELL",
            help="bash, zsh, fish or powershell (default: every shell found)",
        )
        action.add_argument(
            "--dry-run", action="store_true", help="show the changes (a diff) and make none"
        )
        action.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
        action.set_defaults(_run=runner)


def _need_action(args: argparse.Namespace, ctx: Context) -> int:
    raise WtError("name what to do: init, install or uninstall", hint="git wt config shell --help")


def run_init(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.shell.generate import init_code

    ctx.out.out.write(init_code(args.shell))
    ctx.out.out.flush()
    return 0


# -- install / uninstall -------------------------------------------------------------


def _unique(shells: list[str]) -> list[str]:
    return list(dict.fromkeys(shells))


def shells_found() -> tuple[list[str], str | None]:
    """The shell this runs in (first), plus every other installed shell with a config."""
    from git_wt.shell import install
    from git_wt.shell.diagnose import detect_shell

    current, _ = detect_shell()
    found = [current] if current else []
    for shell in SHELLS:
        if shutil.which(install.BINARIES[shell]) and install.shell_config_present(shell):
            found.append(shell)
    return _unique(found), current


def _diff(change: Any) -> str:
    from git_wt.shell.install import display

    name = display(change.rc)
    before = (change.before or "").splitlines(keepends=True)
    after = (change.after or "").splitlines(keepends=True)
    lines = difflib.unified_diff(
        before,
        after,
        fromfile=name if change.before is not None else "/dev/null",
        tofile=name if change.after is not None else "/dev/null",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _confirm(question: str, flag_hint: str) -> None:
    """Ask on the terminal; refuse without one (the user must pass -y)."""
    if not can_prompt():
        raise WtError(
            "not changing shell start-up files without confirmation (no terminal to ask on)",
            hint=flag_hint,
        )
    from git_wt.ui.output import confirm

    if not confirm(question):
        raise WtError("cancelled; nothing was changed")


def _approved(changes: list[Change], shells: list[str], action: str, *, yes: bool) -> list[Change]:
    """The changes that touch a file, once the user agreed to them (or passed -y)."""
    from git_wt.shell import install

    pending = [c for c in changes if c.changed]
    if pending and not yes:
        files = ", ".join(install.display(c.rc) for c in pending)
        where = "to" if action == "install" else "from"
        verb = "Add" if action == "install" else "Remove"
        _confirm(
            f"{verb} git-wt's shell integration {where} {files}?",
            f"git wt config shell {action} -y " + " ".join(shells),
        )
    return pending


def run_install(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.shell import install

    out = ctx.out
    shells = _unique(args.shells)
    if not shells:
        shells, current = shells_found()
        if not shells:
            raise WtError(
                "could not tell which shell you use",
                hint="name it: git wt config shell install bash (or zsh, fish, powershell)",
            )
        out.info(f"shells found: {', '.join(shells)}" + ("" if current else " (from $SHELL)"))
    changes = [install.plan_install(shell) for shell in shells]
    if args.dry_run:
        for change in changes:
            out.data(f"# {change.shell}: writes {install.display(install.init_file(change.shell))}")
            out.out.write(_diff(change) if change.changed else f"# {change.shell}: up to date\n")
        out.out.flush()
        return 0
    pending = _approved(changes, shells, "install", yes=args.yes)
    for change in changes:
        init = install.write_init_file(change.shell)
        install.apply(change)
        rc = install.display(change.rc)
        if not change.changed:
            out.info(
                f"{change.shell}: {rc} already loads the integration ({install.display(init)})"
            )
        elif change.before is None:
            out.success(f"{change.shell}: created {rc}, which loads {install.display(init)}")
        elif install.has_block(change.before):
            out.success(f"{change.shell}: updated the integration block in {rc}")
        else:
            out.success(f"{change.shell}: added the integration to {rc}")
        if change.shell == "zsh" and "compinit" not in (change.after or ""):
            out.hint(
                "zsh completion needs compinit: add `autoload -Uz compinit && compinit` "
                f"to {rc} if nothing else runs it"
            )
    if pending:
        reload = " or ".join(
            f"`source {install.display(c.rc)}`" for c in pending if c.shell != "powershell"
        )
        out.hint("open a new shell to use it" + (f" (or run {reload})" if reload else ""))
    return 0


def run_uninstall(args: argparse.Namespace, ctx: Context) -> int:
    from git_wt.shell import install

    out = ctx.out
    shells = _unique(args.shells) or [
        s
        for s in SHELLS
        if install.has_block(install.read_text(install.rc_file(s))) or install.init_file(s).exists()
    ]
    changes = [install.plan_uninstall(shell) for shell in shells]
    if args.dry_run:
        for change in changes:
            out.out.write(
                _diff(change) if change.changed else f"# {change.shell}: nothing to remove\n"
            )
        out.out.flush()
        return 0
    pending = _approved(changes, shells, "uninstall", yes=args.yes)
    if not shells:
        out.info("no shell start-up file loads the integration; nothing to do")
    for change in changes:
        install.apply(change)
        install.init_file(change.shell).unlink(missing_ok=True)
        rc = install.display(change.rc)
        if not change.changed:
            out.info(f"{change.shell}: {rc} does not load the integration")
        elif change.after is None:
            out.success(f"{change.shell}: removed {rc}")
        else:
            out.success(f"{change.shell}: removed the integration from {rc}")
    if pending:
        out.hint("open a new shell to finish (running shells keep the functions until then)")
    return 0
