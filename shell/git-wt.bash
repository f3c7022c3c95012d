# git-wt 0.1.0 shell integration for bash; generated from git-wt's command
# definitions. Do not edit: `git wt config shell install` rewrites it.
# Load by hand with: eval "$(git wt config shell init bash)"

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
export GIT_WT_SHELL_ACTIVE="1 bash 0.1.0 $$"

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
	GIT_WT_CD_FILE=$__git_wt_tmp/cd GIT_WT_EXEC_FILE=$__git_wt_tmp/exec GIT_WT_SHELL=bash \
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

# -- completion: `git wt ...` (through git's own completion) and `git-wt ...` ---------
# Candidates come from git directly; no Python runs on TAB.

__git_wt_subs () {
	case $1 in
	'') __git_wt_r='switch list remove merge undo step hook config' ;;
	'step') __git_wt_r='commit squash rebase push diff copy-ignored for-each prune eval' ;;
	'hook') __git_wt_r='show pre-switch post-switch pre-start post-start pre-commit post-commit pre-merge post-merge pre-remove post-remove' ;;
	'config') __git_wt_r='show shell state approvals' ;;
	'config shell') __git_wt_r='init install uninstall' ;;
	'config state') __git_wt_r='default-branch vars logs' ;;
	'config state default-branch') __git_wt_r='get set clear' ;;
	'config state vars') __git_wt_r='get set list clear' ;;
	'config approvals') __git_wt_r='list add clear' ;;
	*) __git_wt_r= ;;
	esac
}

__git_wt_opts () {
	case $1 in
	'') __git_wt_r='-h --help -C -v --verbose --version' ;;
	'switch') __git_wt_r='-h --help -c --create -b --base -x --execute --clobber --no-cd --no-hooks -y --yes --format --branches --remotes' ;;
	'list') __git_wt_r='-h --help --branches --no-branches --remotes --no-remotes --full --no-full --format --progressive --no-progressive' ;;
	'remove') __git_wt_r='-h --help -f --force -D --force-delete --no-delete-branch --foreground --no-hooks -y --yes --format' ;;
	'merge') __git_wt_r='-h --help --no-squash --no-commit --no-rebase --no-remove --no-ff --stage --no-hooks -y --yes --format' ;;
	'undo') __git_wt_r='-h --help --list --purge --format' ;;
	'step') __git_wt_r='-h --help' ;;
	'step commit') __git_wt_r='-h --help --stage --no-hooks -y --yes --show-prompt --format' ;;
	'step squash') __git_wt_r='-h --help --stage --no-hooks -y --yes --format' ;;
	'step rebase') __git_wt_r='-h --help --format' ;;
	'step push') __git_wt_r='-h --help --no-ff --format' ;;
	'step diff') __git_wt_r='-h --help' ;;
	'step copy-ignored') __git_wt_r='-h --help --from --to --dry-run --reflink --format' ;;
	'step for-each') __git_wt_r='-h --help --format' ;;
	'step prune') __git_wt_r='-h --help --dry-run --min-age --foreground --no-hooks -y --yes --format' ;;
	'step eval') __git_wt_r='-h --help --shell' ;;
	'hook') __git_wt_r='-h --help' ;;
	'hook show') __git_wt_r='-h --help --expanded --format' ;;
	'hook pre-switch') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook post-switch') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook pre-start') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook post-start') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook pre-commit') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook post-commit') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook pre-merge') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook post-merge') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook pre-remove') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'hook post-remove') __git_wt_r='-h --help --dry-run --foreground -y --yes' ;;
	'config') __git_wt_r='-h --help' ;;
	'config show') __git_wt_r='-h --help --format' ;;
	'config shell') __git_wt_r='-h --help' ;;
	'config shell init') __git_wt_r='-h --help' ;;
	'config shell install') __git_wt_r='-h --help --dry-run -y --yes' ;;
	'config shell uninstall') __git_wt_r='-h --help --dry-run -y --yes' ;;
	'config state') __git_wt_r='-h --help' ;;
	'config state default-branch') __git_wt_r='-h --help' ;;
	'config state default-branch get') __git_wt_r='-h --help' ;;
	'config state default-branch set') __git_wt_r='-h --help' ;;
	'config state default-branch clear') __git_wt_r='-h --help' ;;
	'config state vars') __git_wt_r='-h --help' ;;
	'config state vars get') __git_wt_r='-h --help --branch' ;;
	'config state vars set') __git_wt_r='-h --help --branch' ;;
	'config state vars list') __git_wt_r='-h --help --format --branch' ;;
	'config state vars clear') __git_wt_r='-h --help --all --branch' ;;
	'config state logs') __git_wt_r='-h --help --format' ;;
	'config approvals') __git_wt_r='-h --help' ;;
	'config approvals list') __git_wt_r='-h --help --format' ;;
	'config approvals add') __git_wt_r='-h --help -y --yes' ;;
	'config approvals clear') __git_wt_r='-h --help --all' ;;
	*) __git_wt_r= ;;
	esac
}

__git_wt_optval () {
	case $1 in
	':-C') __git_wt_r='dir' ;;
	'switch:-b') __git_wt_r='ref' ;;
	'switch:--base') __git_wt_r='ref' ;;
	'switch:-x') __git_wt_r='any' ;;
	'switch:--execute') __git_wt_r='any' ;;
	'switch:--format') __git_wt_r='=text json' ;;
	'list:--format') __git_wt_r='=text json' ;;
	'remove:--format') __git_wt_r='=text json' ;;
	'merge:--stage') __git_wt_r='=all tracked none' ;;
	'merge:--format') __git_wt_r='=text json' ;;
	'undo:--format') __git_wt_r='=text json' ;;
	'step commit:--stage') __git_wt_r='=all tracked none' ;;
	'step commit:--format') __git_wt_r='=text json' ;;
	'step squash:--stage') __git_wt_r='=all tracked none' ;;
	'step squash:--format') __git_wt_r='=text json' ;;
	'step rebase:--format') __git_wt_r='=text json' ;;
	'step push:--format') __git_wt_r='=text json' ;;
	'step copy-ignored:--from') __git_wt_r='worktree' ;;
	'step copy-ignored:--to') __git_wt_r='worktree' ;;
	'step copy-ignored:--reflink') __git_wt_r='=auto always never' ;;
	'step copy-ignored:--format') __git_wt_r='=text json' ;;
	'step for-each:--format') __git_wt_r='=text json' ;;
	'step prune:--min-age') __git_wt_r='any' ;;
	'step prune:--format') __git_wt_r='=text json' ;;
	'hook show:--format') __git_wt_r='=text json' ;;
	'config show:--format') __git_wt_r='=text json' ;;
	'config state vars get:--branch') __git_wt_r='branch' ;;
	'config state vars set:--branch') __git_wt_r='branch' ;;
	'config state vars list:--format') __git_wt_r='=text json' ;;
	'config state vars list:--branch') __git_wt_r='branch' ;;
	'config state vars clear:--branch') __git_wt_r='branch' ;;
	'config state logs:--format') __git_wt_r='=text json' ;;
	'config approvals list:--format') __git_wt_r='=text json' ;;
	*) __git_wt_r='' ;;
	esac
}

__git_wt_pos () {
	case $1 in
	'switch:0') __git_wt_r='branch' ;;
	'list:0') __git_wt_r='=statusline' ;;
	'remove:'*) __git_wt_r='worktree' ;;
	'merge:0') __git_wt_r='ref' ;;
	'undo:0') __git_wt_r='branch' ;;
	'step squash:0') __git_wt_r='ref' ;;
	'step rebase:0') __git_wt_r='ref' ;;
	'step push:0') __git_wt_r='ref' ;;
	'step diff:0') __git_wt_r='ref' ;;
	'step eval:0') __git_wt_r='any' ;;
	'hook show:0') __git_wt_r='=pre-switch post-switch pre-start post-start pre-commit post-commit pre-merge post-merge pre-remove post-remove' ;;
	'hook pre-switch:'*) __git_wt_r='any' ;;
	'hook post-switch:'*) __git_wt_r='any' ;;
	'hook pre-start:'*) __git_wt_r='any' ;;
	'hook post-start:'*) __git_wt_r='any' ;;
	'hook pre-commit:'*) __git_wt_r='any' ;;
	'hook post-commit:'*) __git_wt_r='any' ;;
	'hook pre-merge:'*) __git_wt_r='any' ;;
	'hook post-merge:'*) __git_wt_r='any' ;;
	'hook pre-remove:'*) __git_wt_r='any' ;;
	'hook post-remove:'*) __git_wt_r='any' ;;
	'config shell init:0') __git_wt_r='=bash zsh fish powershell' ;;
	'config shell install:'*) __git_wt_r='=bash zsh fish powershell' ;;
	'config shell uninstall:'*) __git_wt_r='=bash zsh fish powershell' ;;
	'config state default-branch set:0') __git_wt_r='branch' ;;
	'config state vars get:0') __git_wt_r='any' ;;
	'config state vars set:0') __git_wt_r='any' ;;
	'config state vars set:1') __git_wt_r='any' ;;
	'config state vars clear:'*) __git_wt_r='any' ;;
	*) __git_wt_r='none' ;;
	esac
}

__git_wt_newname () {
	case $1 in
	'switch') __git_wt_r='-c --create' ;;
	*) __git_wt_r='' ;;
	esac
}


# Undo the quoting a user typed (\x, '...', "...") well enough to match prefixes.
__git_wt_dequote () {
	local in=$1 out= c q=
	while [ -n "$in" ]; do
		c=${in:0:1}
		in=${in:1}
		if [ "$q" = "'" ]; then
			[ "$c" = "'" ] && q= || out+=$c
		elif [ "$c" = '\' ]; then
			out+=${in:0:1}
			in=${in:1}
		elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
			[ "$q" = '"' ] && [ "$c" = '"' ] && q= || { [ -z "$q" ] && q=$c || out+=$c; }
		else
			out+=$c
		fi
	done
	case $out in
	'~') out=$HOME ;;
	'~/'*) out=$HOME/${out#'~/'} ;;
	esac
	__git_wt_r=$out
}

# Branch candidates for kind $1 (branch, worktree, ref) that start with $2, in git-wt's
# order: branches with a worktree, other local branches, branches only on a remote
# (without the remote prefix), then the shortcuts. git and one awk do the work, so a
# thousand branches stay fast; names are backslash-escaped for the command line.
__git_wt_branches () {
	local kind=$1 cur=$2 word
	local -a refs=(refs/heads)
	[ "$kind" = worktree ] || refs+=(refs/remotes)
	if [ -n "$cur" ]; then
		# Let git do the prefix match (`*` stops at a slash, hence the `/**` twins).
		refs=("refs/heads/$cur*" "refs/heads/$cur*/**")
		[ "$kind" = worktree ] || refs+=("refs/remotes/*/$cur*" "refs/remotes/*/$cur*/**")
	fi
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(command git "${__git_wt_gitargs[@]}" \
		for-each-ref --format='%(if)%(worktreepath)%(then)+%(else)-%(end)%(refname)' \
		-- "${refs[@]}" 2>/dev/null | __git_wt_cur=$cur __git_wt_kind=$kind command awk '
		function emit(name) {
			gsub(/[^A-Za-z0-9_.\/@%+=:,-]/, "\\\\&", name)
			print name " "
		}
		{ mark = substr($0, 1, 1); ref = substr($0, 2) }
		ref ~ /^refs\/heads\// {
			name = substr(ref, 12)
			have[name] = 1
			if (mark == "+") wt[++nw] = name; else loc[++nl] = name
			next
		}
		{
			name = ref
			sub(/^refs\/remotes\/[^\/]*\//, "", name)
			cur = ENVIRON["__git_wt_cur"]
			if (name == "HEAD" || (cur != "" && index(name, cur) != 1)) next
			rem[++nr] = name
		}
		END {
			for (i = 1; i <= nw; i++) emit(wt[i])
			for (i = 1; i <= nl; i++) emit(loc[i])
			if (ENVIRON["__git_wt_kind"] == "worktree") exit
			for (i = 1; i <= nr; i++) if (!(rem[i] in have)) { have[rem[i]] = 1; emit(rem[i]) }
		}')
	[ "$kind" = worktree ] && return
	for word in '^' '@' '-'; do
		[ "$kind" = ref ] && [ "$word" = - ] && continue
		[[ $word == "$cur"* ]] && COMPREPLY+=("$word ")
	done
}

# Complete a value of kind $1 for the word $2.
__git_wt_values () {
	local kind=$1 cur=$2 word
	case $kind in
	=*)
		for word in ${kind#=}; do
			[[ $word == "$cur"* ]] && COMPREPLY+=("$word ")
		done
		;;
	branch | worktree | ref)
		__git_wt_branches "$kind" "$cur"
		;;
	dir | file)
		compopt -o filenames 2>/dev/null
		if [ "$kind" = dir ]; then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return
		;;
	any)
		return  # nothing known: leave it to the shell's default completion
		;;
	esac
	# Offer nothing rather than file names when nothing fits.
	compopt +o default +o bashdefault 2>/dev/null
	compopt -o nosort 2>/dev/null
}

# Complete the word $1, given the words before it (after `wt` or `git-wt`) in $2...
__git_wt_complete_args () {
	local cur=$1 path= npos=0 pending= seen=' ' w dd=
	shift
	for w in "$@"; do
		if [ -n "$pending" ]; then
			if [ "$pending" = ':-C' ]; then
				__git_wt_dequote "$w"
				__git_wt_gitargs+=(-C "$__git_wt_r")
			fi
			pending=
			continue
		fi
		[ -n "$dd" ] && continue
		case $w in
		--)
			dd=1
			continue
			;;
		--*=*)
			seen+="${w%%=*} "
			continue
			;;
		-?*)
			seen+="$w "
			__git_wt_optval "$path:$w"
			[ -n "$__git_wt_r" ] && pending="$path:$w"
			continue
			;;
		esac
		if [ "$npos" -eq 0 ]; then
			__git_wt_subs "$path"
			if [ -n "$__git_wt_r" ]; then
				case " $__git_wt_r " in
				*" $w "*)
					path=${path:+$path }$w
					seen=' '
					continue
					;;
				esac
			fi
		fi
		npos=$((npos + 1))
	done
	[ -n "$dd" ] && return
	local kind
	if [ -n "$pending" ]; then
		__git_wt_optval "$pending"
		kind=$__git_wt_r
		__git_wt_dequote "$cur"
		__git_wt_values "$kind" "$__git_wt_r"
		return
	fi
	case $cur in
	--*=*)
		__git_wt_optval "$path:${cur%%=*}"
		kind=$__git_wt_r
		__git_wt_dequote "${cur#*=}"
		[ -n "$kind" ] && __git_wt_values "$kind" "$__git_wt_r"
		if [[ $COMP_WORDBREAKS != *=* ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		fi
		return
		;;
	-*)
		__git_wt_opts "$path"
		for w in $__git_wt_r; do
			[[ $w == "$cur"* ]] && COMPREPLY+=("$w ")
		done
		compopt +o default +o bashdefault 2>/dev/null
		return
		;;
	esac
	if [ "$npos" -eq 0 ]; then
		__git_wt_subs "$path"
		if [ -n "$__git_wt_r" ]; then
			__git_wt_values "=$__git_wt_r" "$cur"
			return
		fi
	fi
	__git_wt_pos "$path:$npos"
	kind=$__git_wt_r
	if [ "$kind" = branch ]; then
		__git_wt_newname "$path"
		for w in $__git_wt_r; do
			[[ $seen == *" $w "* ]] && kind=none
		done
	fi
	__git_wt_dequote "$cur"
	__git_wt_values "$kind" "$__git_wt_r"
}

# Called by git's completion for `git wt ...` (it has set words, cword, cur and
# __git_cmd_idx, and __git_C_args / __git_dir for `git -C DIR` / `--git-dir`).
_git_wt () {
	local -a __git_wt_gitargs=()
	[ -n "${__git_C_args-}" ] && __git_wt_gitargs+=("${__git_C_args[@]}")
	[ -n "${__git_dir-}" ] && __git_wt_gitargs+=(--git-dir="$__git_dir")
	local start=$((${__git_cmd_idx:-1} + 1))
	__git_wt_complete_args "$cur" "${words[@]:start:cword-start}"
}

# `git-wt ...` typed directly.
__git_wt_complete_direct () {
	local cur cword
	local -a words __git_wt_gitargs=()
	COMPREPLY=()
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur words cword
	else
		# Without bash-completion, glue `--opt = value` back together.
		local i
		words=()
		for ((i = 0; i <= COMP_CWORD; i++)); do
			if [ "${COMP_WORDS[i]}" = = ] && [[ ${words[${#words[@]} - 1]-} == -* ]]; then
				words[${#words[@]} - 1]+==
				((i < COMP_CWORD)) && ((i++)) && words[${#words[@]} - 1]+=${COMP_WORDS[i]}
			else
				words+=("${COMP_WORDS[i]}")
			fi
		done
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
	fi
	__git_wt_complete_args "$cur" "${words[@]:1:cword-1}"
}

complete -o bashdefault -o default -o nospace -F __git_wt_complete_direct git-wt
