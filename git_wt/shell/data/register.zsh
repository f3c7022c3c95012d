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
		zstyle ':completion:*:*:git:*' user-commands $cmds 'wt:@@WT_HELP@@'
}
