# -- the wrapper: lets `git wt switch` change this shell's directory -----------------
# git runs git-wt as a child process, which cannot change its parent's directory. The
# `git` function below hands every call except `git [global options] wt ...` straight
# to the real git. For wt calls it makes two empty files, names them in
# GIT_WT_CD_FILE and GIT_WT_EXEC_FILE for git-wt, and afterwards changes to the
# directory git-wt wrote (raw text, never run as code) and runs the -x payload
# git-wt escaped for this shell. `function NAME {` keeps working when an alias of the
# same name exists, which `NAME() {` does not.

# Marks this shell as integrated: "PROTOCOL SHELL VERSION PID" (read by git-wt to
# tell "not loaded" from "bypassed" and "stale").
export GIT_WT_SHELL_ACTIVE="@@PROTOCOL@@ @@SHELL@@ @@VERSION@@ $$"

function git {
	local __git_wt_a __git_wt_skip= __git_wt_sub=
	for __git_wt_a in "$@"; do
		if [ -n "$__git_wt_skip" ]; then
			__git_wt_skip=
			continue
		fi
		case $__git_wt_a in
		-C | -c | --git-dir | --work-tree | --namespace | --super-prefix | --config-env | --attr-source)
			__git_wt_skip=1
			;;
		-*) ;;
		*)
			__git_wt_sub=$__git_wt_a
			break
			;;
		esac
	done
	if [ "$__git_wt_sub" = wt ]; then
		__git_wt_run git "$@"
	else
		command git "$@"
	fi
}

function git-wt {
	__git_wt_run git-wt "$@"
}

# A Ctrl-C that kills git aborts __git_wt_run before it cleans up; the next call
# removes what this shell left behind (the directory names carry its PID).
function __git_wt_sweep {
	[ -z "${ZSH_VERSION-}" ] || setopt local_options null_glob
	local __git_wt_old
	for __git_wt_old in "${TMPDIR:-/tmp}/git-wt.$$."*; do
		[ ! -d "$__git_wt_old" ] || command rm -rf -- "$__git_wt_old"
	done
}

function __git_wt_run {
	local __git_wt_tmp __git_wt_rc __git_wt_to= __git_wt_payload= __git_wt_status
	__git_wt_sweep
	__git_wt_tmp=$(command mktemp -d "${TMPDIR:-/tmp}/git-wt.$$.XXXXXX") || {
		command "$@"
		return
	}
	: >"$__git_wt_tmp/cd"
	: >"$__git_wt_tmp/exec"
	GIT_WT_CD_FILE=$__git_wt_tmp/cd GIT_WT_EXEC_FILE=$__git_wt_tmp/exec GIT_WT_SHELL=@@SHELL@@ \
		command "$@"
	__git_wt_rc=$?
	IFS= read -r -d '' __git_wt_to <"$__git_wt_tmp/cd" || :
	IFS= read -r -d '' __git_wt_payload <"$__git_wt_tmp/exec" || :
	command rm -rf -- "$__git_wt_tmp"
	# `builtin` skips any cd alias or function (zoxide, autoenv and the like).
	if [ -n "$__git_wt_to" ] && ! builtin cd -- "$__git_wt_to"; then
		[ "$__git_wt_rc" -ne 0 ] || __git_wt_rc=1
		return "$__git_wt_rc"
	fi
	if [ -n "$__git_wt_payload" ]; then
		eval "$__git_wt_payload"
		__git_wt_status=$?
		[ "$__git_wt_rc" -ne 0 ] || __git_wt_rc=$__git_wt_status
	fi
	return "$__git_wt_rc"
}
