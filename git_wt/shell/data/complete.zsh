# -- completion: `git wt ...` (through zsh's _git) and `git-wt ...` ------------------
# Candidates come from git directly; no Python runs on TAB.

@@TABLES@@
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
