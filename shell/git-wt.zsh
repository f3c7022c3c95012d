# git-wt 0.1.0 shell integration for zsh; generated from git-wt's command
# definitions. Do not edit: `git wt config shell install` rewrites it.
# Load by hand with: eval "$(git wt config shell init zsh)"

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
export GIT_WT_SHELL_ACTIVE="1 zsh 0.1.0 $$"

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
	GIT_WT_CD_FILE=$__git_wt_tmp/cd GIT_WT_EXEC_FILE=$__git_wt_tmp/exec GIT_WT_SHELL=zsh \
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

# -- completion: `git wt ...` (through zsh's _git) and `git-wt ...` ------------------
# Candidates come from git directly; no Python runs on TAB.

__git_wt_subs () {
	case $1 in
	('') reply=('switch:switch to a branch'\''s worktree, creating it when missing' 'list:show every worktree'\''s state at a glance' 'remove:remove worktrees (and their branches once merged)' 'merge:merge this branch into TARGET, then remove its worktree' 'undo:restore the most recent removal (or BRANCH'\''s) from the undo trash' 'step:the building blocks of merge, one at a time' 'hook:run the hooks of one type now, or show the configured hooks' 'config:show and change git-wt'\''s settings, shell integration and stored state') ;;
	('step') reply=('commit:stage and commit, with a message from the generator' 'squash:squash everything since the merge-base with TARGET into one commit' 'rebase:rebase the current branch onto TARGET' 'push:fast-forward the local branch TARGET to HEAD' 'diff:show all work since the merge-base with TARGET (uncommitted and untracked too)' 'copy-ignored:copy gitignored files (.env, node_modules/, ...) from one worktree to another' 'for-each:run a command in every worktree' 'prune:remove clean worktrees whose branches are merged into the default branch' 'eval:print a template'\''s expansion for the current worktree') ;;
	('hook') reply=('show:list every configured hook with its source and approval state' 'pre-switch:run the pre-switch hooks now' 'post-switch:run the post-switch hooks now' 'pre-start:run the pre-start hooks now' 'post-start:run the post-start hooks now' 'pre-commit:run the pre-commit hooks now' 'post-commit:run the post-commit hooks now' 'pre-merge:run the pre-merge hooks now' 'post-merge:run the post-merge hooks now' 'pre-remove:run the pre-remove hooks now' 'post-remove:run the post-remove hooks now') ;;
	('config') reply=('show:versions, shell integration state and the settings in effect' 'shell:shell integration: cd after switch, -x in your shell, completion' 'state:values git-wt stores in the repository' 'approvals:approve the project file'\''s hook commands, or forget approvals') ;;
	('config shell') reply=('init:print the integration code for a shell' 'install:add the integration to your shells'\'' start-up files' 'uninstall:remove the integration from your shells'\'' start-up files') ;;
	('config state') reply=('default-branch:the cached default branch' 'vars:per-branch values for templates ({{ vars.KEY }})' 'logs:the logs of background hooks, newest first (their paths)') ;;
	('config state default-branch') reply=('get:print the default branch (detecting it if needed)' 'set:set the default branch' 'clear:forget the cached value (detect it again next time)') ;;
	('config state vars') reply=('get:print one value' 'set:set a value (KEY VALUE, or KEY=VALUE)' 'list:every value of the branch' 'clear:remove values (KEY... or --all)') ;;
	('config approvals') reply=('list:this project'\''s commands and whether each is approved' 'add:approve this project'\''s commands (asks first)' 'clear:forget this project'\''s approvals') ;;
	(*) reply=() ;;
	esac
}

__git_wt_opts () {
	case $1 in
	('') reply=('-h:show this help message and exit' '--help:show this help message and exit' '-C:run as if git-wt was started in PATH' '-v:print each git and hook command run' '--verbose:print each git and hook command run' '--version:show program'\''s version number and exit') ;;
	('switch') reply=('-h:show this help message and exit' '--help:show this help message and exit' '-c:create a new branch' '--create:create a new branch' '-b:commit-ish the new branch starts from' '--base:commit-ish the new branch starts from' '-x:run CMD in the target worktree afterwards' '--execute:run CMD in the target worktree afterwards' '--clobber:move a non-worktree path that blocks creation aside (PATH.bak.TIMESTAMP)' '--no-cd:do not change the shell'\''s directory' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--format' '--branches:picker: also list branches without worktree' '--remotes:picker: also list remote-only branches') ;;
	('list') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--branches:also show branches without a worktree (default: wt.list.branches)' '--no-branches:also show branches without a worktree (default: wt.list.branches)' '--remotes:also show remote-only branches (default: wt.list.remotes)' '--no-remotes:also show remote-only branches (default: wt.list.remotes)' '--full:add the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)' '--no-full:add the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)' '--format' '--progressive:fill the table in as results arrive (default: when stdout is a terminal)' '--no-progressive:fill the table in as results arrive (default: when stdout is a terminal)') ;;
	('remove') reply=('-h:show this help message and exit' '--help:show this help message and exit' '-f:remove even with uncommitted changes' '--force:remove even with uncommitted changes' '-D:delete the branch even if unmerged' '--force-delete:delete the branch even if unmerged' '--no-delete-branch:keep the branch in every case' '--foreground:do any deleting before returning (with wt.remove.keep=0: the directory)' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--format') ;;
	('merge') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--no-squash:don'\''t squash the branch into one commit' '--no-commit:don'\''t commit uncommitted changes first' '--no-rebase:don'\''t rebase onto TARGET when needed' '--no-remove:don'\''t remove the worktree and branch afterwards' '--no-ff:don'\''t fast-forward TARGET (--no-ff: merge commit)' '--stage:what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--format') ;;
	('undo') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--list:show what can be restored' '--purge:empty the trash now' '--format') ;;
	('step') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('step commit') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--stage:what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--show-prompt:print the prompt the message generator would get, and commit nothing' '--format') ;;
	('step squash') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--stage:what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--format') ;;
	('step rebase') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format') ;;
	('step push') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--no-ff:record a merge commit on TARGET' '--format') ;;
	('step diff') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('step copy-ignored') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--from:source (default: primary)' '--to:destination (default: @)' '--dry-run:list what would be copied' '--reflink:copy-on-write clones: auto (default), always (fail without), never' '--format') ;;
	('step for-each') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format') ;;
	('step prune') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:list them, remove nothing' '--min-age:skip worktrees created more recently (default 1d; e.g. 0, 30m, 12h, 2w)' '--foreground:delete directories before returning' '--no-hooks:run no hooks' '-y:approve project hooks' '--yes:approve project hooks' '--format') ;;
	('step eval') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--shell:escape values as in a hook command') ;;
	('hook') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('hook show') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--expanded:expand the templates for this worktree' '--format') ;;
	('hook pre-switch') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook post-switch') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook pre-start') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook post-start') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook pre-commit') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook post-commit') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook pre-merge') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook post-merge') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook pre-remove') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('hook post-remove') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:print the expanded commands, run nothing' '--foreground:run post-* hooks in the foreground, output to the terminal' '-y:run project commands without approval' '--yes:run project commands without approval') ;;
	('config') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config show') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format') ;;
	('config shell') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config shell init') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config shell install') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:show the changes (a diff) and make none' '-y:do not ask for confirmation' '--yes:do not ask for confirmation') ;;
	('config shell uninstall') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--dry-run:show the changes (a diff) and make none' '-y:do not ask for confirmation' '--yes:do not ask for confirmation') ;;
	('config state') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state default-branch') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state default-branch get') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state default-branch set') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state default-branch clear') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state vars') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config state vars get') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--branch:whose vars (default: current)') ;;
	('config state vars set') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--branch:whose vars (default: current)') ;;
	('config state vars list') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format' '--branch:whose vars (default: current)') ;;
	('config state vars clear') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--all:remove every value of the branch' '--branch:whose vars (default: current)') ;;
	('config state logs') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format') ;;
	('config approvals') reply=('-h:show this help message and exit' '--help:show this help message and exit') ;;
	('config approvals list') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--format') ;;
	('config approvals add') reply=('-h:show this help message and exit' '--help:show this help message and exit' '-y:approve without asking' '--yes:approve without asking') ;;
	('config approvals clear') reply=('-h:show this help message and exit' '--help:show this help message and exit' '--all:forget every project'\''s approvals') ;;
	(*) reply=() ;;
	esac
}

__git_wt_optval () {
	case $1 in
	(':-C') REPLY='dir' ;;
	('switch:-b') REPLY='ref' ;;
	('switch:--base') REPLY='ref' ;;
	('switch:-x') REPLY='any' ;;
	('switch:--execute') REPLY='any' ;;
	('switch:--format') REPLY='=text json' ;;
	('list:--format') REPLY='=text json' ;;
	('remove:--format') REPLY='=text json' ;;
	('merge:--stage') REPLY='=all tracked none' ;;
	('merge:--format') REPLY='=text json' ;;
	('undo:--format') REPLY='=text json' ;;
	('step commit:--stage') REPLY='=all tracked none' ;;
	('step commit:--format') REPLY='=text json' ;;
	('step squash:--stage') REPLY='=all tracked none' ;;
	('step squash:--format') REPLY='=text json' ;;
	('step rebase:--format') REPLY='=text json' ;;
	('step push:--format') REPLY='=text json' ;;
	('step copy-ignored:--from') REPLY='worktree' ;;
	('step copy-ignored:--to') REPLY='worktree' ;;
	('step copy-ignored:--reflink') REPLY='=auto always never' ;;
	('step copy-ignored:--format') REPLY='=text json' ;;
	('step for-each:--format') REPLY='=text json' ;;
	('step prune:--min-age') REPLY='any' ;;
	('step prune:--format') REPLY='=text json' ;;
	('hook show:--format') REPLY='=text json' ;;
	('config show:--format') REPLY='=text json' ;;
	('config state vars get:--branch') REPLY='branch' ;;
	('config state vars set:--branch') REPLY='branch' ;;
	('config state vars list:--format') REPLY='=text json' ;;
	('config state vars list:--branch') REPLY='branch' ;;
	('config state vars clear:--branch') REPLY='branch' ;;
	('config state logs:--format') REPLY='=text json' ;;
	('config approvals list:--format') REPLY='=text json' ;;
	(*) REPLY='' ;;
	esac
}

__git_wt_pos () {
	case $1 in
	('switch:0') REPLY='branch' ;;
	('list:0') REPLY='=statusline' ;;
	('remove:'*) REPLY='worktree' ;;
	('merge:0') REPLY='ref' ;;
	('undo:0') REPLY='branch' ;;
	('step squash:0') REPLY='ref' ;;
	('step rebase:0') REPLY='ref' ;;
	('step push:0') REPLY='ref' ;;
	('step diff:0') REPLY='ref' ;;
	('step eval:0') REPLY='any' ;;
	('hook show:0') REPLY='=pre-switch post-switch pre-start post-start pre-commit post-commit pre-merge post-merge pre-remove post-remove' ;;
	('hook pre-switch:'*) REPLY='any' ;;
	('hook post-switch:'*) REPLY='any' ;;
	('hook pre-start:'*) REPLY='any' ;;
	('hook post-start:'*) REPLY='any' ;;
	('hook pre-commit:'*) REPLY='any' ;;
	('hook post-commit:'*) REPLY='any' ;;
	('hook pre-merge:'*) REPLY='any' ;;
	('hook post-merge:'*) REPLY='any' ;;
	('hook pre-remove:'*) REPLY='any' ;;
	('hook post-remove:'*) REPLY='any' ;;
	('config shell init:0') REPLY='=bash zsh fish powershell' ;;
	('config shell install:'*) REPLY='=bash zsh fish powershell' ;;
	('config shell uninstall:'*) REPLY='=bash zsh fish powershell' ;;
	('config state default-branch set:0') REPLY='branch' ;;
	('config state vars get:0') REPLY='any' ;;
	('config state vars set:0') REPLY='any' ;;
	('config state vars set:1') REPLY='any' ;;
	('config state vars clear:'*) REPLY='any' ;;
	(*) REPLY='none' ;;
	esac
}

__git_wt_newname () {
	case $1 in
	('switch') REPLY='-c --create' ;;
	(*) REPLY='' ;;
	esac
}

# Branch candidates of kind $1 (branch, worktree, ref) in git-wt's order: branches with
# a worktree, other local branches, branches only on a remote (no remote prefix),
# then the shortcuts.
__git_wt_zbranches () {
	local kind=$1 expl ret=1
	local -a refs found wtb loc rem shortcuts
	refs=(refs/heads)
	[[ $kind == worktree ]] || refs+=(refs/remotes)
	# One awk sorts the refs into w(orktree) / l(ocal) / r(emote-only) lines.
	found=(${(f)"$(command git $__git_wt_gitargs for-each-ref \
		--format='%(if)%(worktreepath)%(then)+%(else)-%(end)%(refname)' -- $refs 2>/dev/null |
		command awk '
		{ mark = substr($0, 1, 1); ref = substr($0, 2) }
		ref ~ /^refs\/heads\// {
			name = substr(ref, 12)
			have[name] = 1
			print (mark == "+" ? "w " : "l ") name
			next
		}
		{
			name = ref
			sub(/^refs\/remotes\/[^\/]*\//, "", name)
			if (name != "HEAD" && !(name in have)) { have[name] = 1; print "r " name }
		}')"})
	wtb=(${${(M)found:#w *}#w })
	loc=(${${(M)found:#l *}#l })
	rem=(${${(M)found:#r *}#r })
	_wanted -V worktree-branches expl 'branch with a worktree' compadd -a wtb && ret=0
	_wanted -V local-branches expl 'local branch' compadd -a loc && ret=0
	if [[ $kind != worktree ]]; then
		_wanted -V remote-branches expl 'remote-only branch' compadd -a rem && ret=0
		shortcuts=('^:the default branch' '@:the current worktree')
		[[ $kind == ref ]] || shortcuts+=('-:the previous worktree')
		_describe -V -t shortcuts 'shortcut' shortcuts && ret=0
	fi
	return ret
}

# Offer values of kind $1.
__git_wt_zvalues () {
	local kind=$1 expl
	local -a choices
	case $kind in
	('='*)
		choices=(${=kind#=})
		_wanted -V values expl 'value' compadd -a choices
		;;
	(branch|worktree|ref) __git_wt_zbranches $kind ;;
	(dir) _directories ;;
	(file) _files ;;
	(any) _default ;;
	(*) return 1 ;;
	esac
}

_git-wt () {
	local cpath= pending= dd= w kind seen=' ' REPLY
	local -a reply __git_wt_gitargs
	integer npos=0
	# From zsh's _git: `git -C DIR wt ...` (--git-dir arrives as $GIT_DIR).
	if (( ${+opt_args} )) && [[ -n ${opt_args[-C]-} ]]; then
		__git_wt_gitargs=(-C "${${(Q)opt_args[-C]}/#\~/$HOME}")
	fi
	for w in "${(@Q)words[2,CURRENT-1]}"; do
		if [[ -n $pending ]]; then
			[[ $pending == ':-C' ]] && __git_wt_gitargs+=(-C "${w/#\~/$HOME}")
			pending=
			continue
		fi
		[[ -n $dd ]] && continue
		case $w in
		(--)
			dd=1
			continue
			;;
		(--*=*)
			seen+="${w%%=*} "
			continue
			;;
		(-?*)
			seen+="$w "
			__git_wt_optval "$cpath:$w"
			[[ -n $REPLY ]] && pending="$cpath:$w"
			continue
			;;
		esac
		if (( npos == 0 )); then
			__git_wt_subs "$cpath"
			if (( ${#reply} )) && (( ${reply[(I)${(b)w}(|:*)]} )); then
				cpath=${cpath:+$cpath }$w
				seen=' '
				continue
			fi
		fi
		(( npos++ ))
	done
	if [[ -n $dd ]]; then
		_default
		return
	fi
	if [[ -n $pending ]]; then
		__git_wt_optval "$pending"
		__git_wt_zvalues "$REPLY"
		return
	fi
	if [[ $PREFIX == --*=* ]]; then
		__git_wt_optval "$cpath:${PREFIX%%=*}"
		kind=$REPLY
		compset -P '*='
		[[ -n $kind ]] && __git_wt_zvalues "$kind"
		return
	fi
	if [[ $PREFIX == -* ]]; then
		__git_wt_opts "$cpath"
		_describe -t options 'option' reply
		return
	fi
	if (( npos == 0 )); then
		__git_wt_subs "$cpath"
		if (( ${#reply} )); then
			_describe -V -t commands 'git wt command' reply
			return
		fi
	fi
	__git_wt_pos "$cpath:$npos"
	kind=$REPLY
	if [[ $kind == branch ]]; then
		__git_wt_newname "$cpath"
		for w in ${=REPLY}; do
			[[ $seen == *" $w "* ]] && kind=none
		done
	fi
	__git_wt_zvalues "$kind"
}

# -- registering the completion -----------------------------------------------------
# zsh's _git calls _git-wt for `git wt ...` by itself. `git-wt ...` needs compdef,
# which exists only after compinit: when that has not run yet, register at the first
# prompt instead, so the order of lines in .zshrc does not matter.
if (( ${+functions[compdef]} )); then
	compdef _git-wt git-wt
else
	__git_wt_compdef_later () {
		(( ${+functions[compdef]} )) || return 0
		compdef _git-wt git-wt
		add-zsh-hook -d precmd __git_wt_compdef_later
		unfunction __git_wt_compdef_later
	}
	autoload -Uz add-zsh-hook && add-zsh-hook precmd __git_wt_compdef_later
fi
# List `wt` among git's commands (`git w<TAB>`), keeping user-commands already set.
() {
	local -a cmds
	zstyle -a ':completion:*:*:git:*' user-commands cmds
	(( ${cmds[(I)wt(|:*)]} )) ||
		zstyle ':completion:*:*:git:*' user-commands $cmds 'wt:manage worktrees (git-wt)'
}
