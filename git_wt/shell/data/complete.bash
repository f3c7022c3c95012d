# -- completion: `git wt ...` (through git's own completion) and `git-wt ...` ---------
# Candidates come from git directly; no Python runs on TAB.

@@TABLES@@
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
