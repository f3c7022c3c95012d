#!/usr/bin/env bash
# Install git-wt from this checkout into an environment of its own.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: ./install.sh [-h|--help]

Install git-wt from this checkout so that `git wt ...` works everywhere.

It uses the first of these that is available:
  1. pipx   (pipx install --force .)
  2. uv     (uv tool install --force .)
  3. a private virtual environment in
     ${XDG_DATA_HOME:-~/.local/share}/git-wt/venv, with git-wt linked
     into ~/.local/bin (needs python3 >= 3.10 with the venv module)

Running it again upgrades the installation in place.

Environment:
  PYTHON   the Python used for the private environment (default: python3)
EOF
}

while (($#)); do
    case $1 in
        -h | --help)
            usage
            exit 0
            ;;
        *)
            printf 'install.sh: unknown argument: %s\n' "$1" >&2
            printf 'run ./install.sh --help for usage\n' >&2
            exit 2
            ;;
    esac
done

say() { printf '%s\n' "$*" >&2; }
die() {
    printf 'install.sh: error: %s\n' "$1" >&2
    if (($# > 1)); then
        printf '  hint: %s\n' "$2" >&2
    fi
    exit 1
}

src="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
[[ -f $src/pyproject.toml ]] || die "no pyproject.toml next to install.sh in $src" \
    "run install.sh from a complete git-wt checkout"
command -v git >/dev/null 2>&1 || die "git is not installed" "install git >= 2.39 first"

# Where the git-wt command ends up; the pipx and uv branches ask the tool.
bin_dir="$HOME/.local/bin"

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10; do
        [[ -n $candidate ]] || continue
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

install_with_pipx() {
    say "Installing git-wt with pipx ..."
    (cd -- "$src" && pipx install --force .) >&2
    local dir
    if dir="$(pipx environment --value PIPX_BIN_DIR 2>/dev/null)" && [[ -n $dir ]]; then
        bin_dir="$dir"
    fi
}

install_with_uv() {
    say "Installing git-wt with uv ..."
    (cd -- "$src" && uv tool install --force .) >&2
    local dir
    if dir="$(uv tool dir --bin 2>/dev/null)" && [[ -n $dir ]]; then
        bin_dir="$dir"
    fi
}

install_with_venv() {
    local data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
    local venv="$data_home/git-wt/venv"
    local python
    if ! python="$(find_python)"; then
        die "git-wt needs Python 3.10 or newer, and none was found${PYTHON:+ (PYTHON=$PYTHON did not qualify)}" \
            "install Python >= 3.10 (Debian/Ubuntu: sudo apt-get install python3 python3-venv), or set PYTHON=/path/to/python3"
    fi
    # Keep a working environment (an upgrade); rebuild one whose Python went away or is too old.
    if [[ -x $venv/bin/python ]] && python_ok "$venv/bin/python"; then
        say "Upgrading git-wt in $venv ..."
    else
        say "Creating a virtual environment in $venv (with $python) ..."
        mkdir -p -- "$(dirname -- "$venv")"
        if ! "$python" -m venv --clear -- "$venv" >&2; then
            die "could not create a virtual environment with $python" \
                "install the venv module (Debian/Ubuntu: sudo apt-get install python3-venv), then run ./install.sh again"
        fi
    fi
    # A local directory is always rebuilt and reinstalled by pip, so this also upgrades.
    if ! "$venv/bin/python" -m pip install --quiet --upgrade -- "$src" >&2; then
        die "pip could not install git-wt into $venv" \
            "read pip's message above; a network problem or a missing build dependency is the usual cause"
    fi
    mkdir -p -- "$bin_dir"
    local link="$bin_dir/git-wt"
    if [[ -e $link && ! -L $link ]]; then
        die "$link exists and is not a link made by this script" \
            "move it away (or uninstall whatever put it there), then run ./install.sh again"
    fi
    ln -sfn -- "$venv/bin/git-wt" "$link"
    say "Linked $link -> $venv/bin/git-wt"
    # `git wt --help` opens the man page; man finds ~/.local/share/man next to ~/.local/bin.
    local page="$venv/share/man/man1/git-wt.1"
    if [[ -f $page ]]; then
        local man_dir="${XDG_DATA_HOME:-$HOME/.local/share}/man/man1"
        mkdir -p -- "$man_dir"
        ln -sfn -- "$page" "$man_dir/git-wt.1"
    fi
}

# setuptools builds inside the checkout and never empties build/lib, so a module deleted
# since the last install would be shipped again; start every build from a clean slate.
rm -rf -- "$src/build/lib" "$src/build/bdist."*

if command -v pipx >/dev/null 2>&1; then
    install_with_pipx
elif command -v uv >/dev/null 2>&1; then
    install_with_uv
else
    install_with_venv
fi

say ""
on_path=no
case ":$PATH:" in
    *":$bin_dir:"* | *":${bin_dir%/}/:"*) on_path=yes ;;
esac
if [[ $on_path == yes ]]; then
    say "$bin_dir is on your PATH."
    found="$(command -v git-wt || true)"
    if [[ -n $found && $found != "$bin_dir/git-wt" ]]; then
        say "warning: another git-wt comes first on your PATH: $found"
        say "  remove it, or put $bin_dir earlier in PATH"
    fi
else
    say "$bin_dir is NOT on your PATH, so git cannot find git-wt yet. Add this line to"
    say "your shell's rc file (~/.bashrc, ~/.zshrc, ...) and open a new shell:"
    shown="$bin_dir"
    if [[ $bin_dir == "$HOME"/* ]]; then
        shown="\$HOME/${bin_dir#"$HOME"/}"
    fi
    say "  export PATH=\"$shown:\$PATH\""
fi

say ""
say "Checking the installation: git wt --version"
if ! PATH="$bin_dir:$PATH" git wt --version >&2; then
    die "git-wt was installed but 'git wt --version' failed" \
        "run $bin_dir/git-wt --version to see the error"
fi

say ""
say "Done. For 'git wt switch' to change your shell's directory, add the shell integration:"
say "  git wt config shell install"
say "then open a new shell. 'git wt -h' lists the commands."
