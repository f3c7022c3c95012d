# git-wt 0.1.0 completion for fish; generated from git-wt's command
# definitions. Do not edit: `git wt config shell install` rewrites it.
# Install as ~/.config/fish/completions/git-wt.fish.

# -- completion: `git wt ...` and `git-wt ...` --------------------------------------
# Candidates come from git directly; no Python runs on TAB. The `git` completions
# below see `wt` themselves instead of relying on git.fish forwarding to git-wt,
# which fish 3.6.0 broke.

function __git_wt_subs
    switch $argv[1]
        case ''
            printf '%s\t%s\n' 'switch' 'switch to a branch\'s worktree, creating it when missing' 'list' 'show every worktree\'s state at a glance' 'remove' 'remove worktrees (and their branches once merged)' 'merge' 'merge this branch into TARGET, then remove its worktree' 'undo' 'restore the most recent removal (or BRANCH\'s) from the undo trash' 'step' 'the building blocks of merge, one at a time' 'hook' 'run the hooks of one type now, or show the configured hooks' 'config' 'show and change git-wt\'s settings, shell integration and stored state'
        case 'step'
            printf '%s\t%s\n' 'commit' 'stage and commit, with a message from the generator' 'squash' 'squash everything since the merge-base with TARGET into one commit' 'rebase' 'rebase the current branch onto TARGET' 'push' 'fast-forward the local branch TARGET to HEAD' 'diff' 'show all work since the merge-base with TARGET (uncommitted and untracked too)' 'copy-ignored' 'copy gitignored files (.env, node_modules/, ...) from one worktree to another' 'for-each' 'run a command in every worktree' 'prune' 'remove clean worktrees whose branches are merged into the default branch' 'eval' 'print a template\'s expansion for the current worktree'
        case 'hook'
            printf '%s\t%s\n' 'show' 'list every configured hook with its source and approval state' 'pre-switch' 'run the pre-switch hooks now' 'post-switch' 'run the post-switch hooks now' 'pre-start' 'run the pre-start hooks now' 'post-start' 'run the post-start hooks now' 'pre-commit' 'run the pre-commit hooks now' 'post-commit' 'run the post-commit hooks now' 'pre-merge' 'run the pre-merge hooks now' 'post-merge' 'run the post-merge hooks now' 'pre-remove' 'run the pre-remove hooks now' 'post-remove' 'run the post-remove hooks now'
        case 'config'
            printf '%s\t%s\n' 'show' 'versions, shell integration state and the settings in effect' 'shell' 'shell integration: cd after switch, -x in your shell, completion' 'state' 'values git-wt stores in the repository' 'approvals' 'approve the project file\'s hook commands, or forget approvals'
        case 'config shell'
            printf '%s\t%s\n' 'init' 'print the integration code for a shell' 'install' 'add the integration to your shells\' start-up files' 'uninstall' 'remove the integration from your shells\' start-up files'
        case 'config state'
            printf '%s\t%s\n' 'default-branch' 'the cached default branch' 'vars' 'per-branch values for templates ({{ vars.KEY }})' 'logs' 'the logs of background hooks, newest first (their paths)'
        case 'config state default-branch'
            printf '%s\t%s\n' 'get' 'print the default branch (detecting it if needed)' 'set' 'set the default branch' 'clear' 'forget the cached value (detect it again next time)'
        case 'config state vars'
            printf '%s\t%s\n' 'get' 'print one value' 'set' 'set a value (KEY VALUE, or KEY=VALUE)' 'list' 'every value of the branch' 'clear' 'remove values (KEY... or --all)'
        case 'config approvals'
            printf '%s\t%s\n' 'list' 'this project\'s commands and whether each is approved' 'add' 'approve this project\'s commands (asks first)' 'clear' 'forget this project\'s approvals'
    end
end

function __git_wt_opts
    switch $argv[1]
        case ''
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '-C' 'run as if git-wt was started in PATH' '-v' 'print each git and hook command run' '--verbose' 'print each git and hook command run' '--version' 'show program\'s version number and exit'
        case 'switch'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '-c' 'create a new branch' '--create' 'create a new branch' '-b' 'commit-ish the new branch starts from' '--base' 'commit-ish the new branch starts from' '-x' 'run CMD in the target worktree afterwards' '--execute' 'run CMD in the target worktree afterwards' '--clobber' 'move a non-worktree path that blocks creation aside (PATH.bak.TIMESTAMP)' '--no-cd' 'do not change the shell\'s directory' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--format' '' '--branches' 'picker: also list branches without worktree' '--remotes' 'picker: also list remote-only branches'
        case 'list'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--branches' 'also show branches without a worktree (default: wt.list.branches)' '--no-branches' 'also show branches without a worktree (default: wt.list.branches)' '--remotes' 'also show remote-only branches (default: wt.list.remotes)' '--no-remotes' 'also show remote-only branches (default: wt.list.remotes)' '--full' 'add the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)' '--no-full' 'add the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)' '--format' '' '--progressive' 'fill the table in as results arrive (default: when stdout is a terminal)' '--no-progressive' 'fill the table in as results arrive (default: when stdout is a terminal)'
        case 'remove'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '-f' 'remove even with uncommitted changes' '--force' 'remove even with uncommitted changes' '-D' 'delete the branch even if unmerged' '--force-delete' 'delete the branch even if unmerged' '--no-delete-branch' 'keep the branch in every case' '--foreground' 'do any deleting before returning (with wt.remove.keep=0: the directory)' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--format' ''
        case 'merge'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--no-squash' 'don\'t squash the branch into one commit' '--no-commit' 'don\'t commit uncommitted changes first' '--no-rebase' 'don\'t rebase onto TARGET when needed' '--no-remove' 'don\'t remove the worktree and branch afterwards' '--no-ff' 'don\'t fast-forward TARGET (--no-ff: merge commit)' '--stage' 'what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--format' ''
        case 'undo'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--list' 'show what can be restored' '--purge' 'empty the trash now' '--format' ''
        case 'step'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'step commit'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--stage' 'what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--show-prompt' 'print the prompt the message generator would get, and commit nothing' '--format' ''
        case 'step squash'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--stage' 'what to commit: all (with untracked files), tracked, none (only staged)' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--format' ''
        case 'step rebase'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' ''
        case 'step push'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--no-ff' 'record a merge commit on TARGET' '--format' ''
        case 'step diff'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'step copy-ignored'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--from' 'source (default: primary)' '--to' 'destination (default: @)' '--dry-run' 'list what would be copied' '--reflink' 'copy-on-write clones: auto (default), always (fail without), never' '--format' ''
        case 'step for-each'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' ''
        case 'step prune'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'list them, remove nothing' '--min-age' 'skip worktrees created more recently (default 1d; e.g. 0, 30m, 12h, 2w)' '--foreground' 'delete directories before returning' '--no-hooks' 'run no hooks' '-y' 'approve project hooks' '--yes' 'approve project hooks' '--format' ''
        case 'step eval'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--shell' 'escape values as in a hook command'
        case 'hook'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'hook show'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--expanded' 'expand the templates for this worktree' '--format' ''
        case 'hook pre-switch'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook post-switch'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook pre-start'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook post-start'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook pre-commit'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook post-commit'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook pre-merge'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook post-merge'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook pre-remove'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'hook post-remove'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'print the expanded commands, run nothing' '--foreground' 'run post-* hooks in the foreground, output to the terminal' '-y' 'run project commands without approval' '--yes' 'run project commands without approval'
        case 'config'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config show'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' ''
        case 'config shell'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config shell init'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config shell install'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'show the changes (a diff) and make none' '-y' 'do not ask for confirmation' '--yes' 'do not ask for confirmation'
        case 'config shell uninstall'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--dry-run' 'show the changes (a diff) and make none' '-y' 'do not ask for confirmation' '--yes' 'do not ask for confirmation'
        case 'config state'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state default-branch'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state default-branch get'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state default-branch set'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state default-branch clear'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state vars'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config state vars get'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--branch' 'whose vars (default: current)'
        case 'config state vars set'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--branch' 'whose vars (default: current)'
        case 'config state vars list'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' '' '--branch' 'whose vars (default: current)'
        case 'config state vars clear'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--all' 'remove every value of the branch' '--branch' 'whose vars (default: current)'
        case 'config state logs'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' ''
        case 'config approvals'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit'
        case 'config approvals list'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--format' ''
        case 'config approvals add'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '-y' 'approve without asking' '--yes' 'approve without asking'
        case 'config approvals clear'
            printf '%s\t%s\n' '-h' 'show this help message and exit' '--help' 'show this help message and exit' '--all' 'forget every project\'s approvals'
    end
end

function __git_wt_optval
    switch $argv[1]
        case ':-C'
            echo 'dir'
        case 'switch:-b'
            echo 'ref'
        case 'switch:--base'
            echo 'ref'
        case 'switch:-x'
            echo 'any'
        case 'switch:--execute'
            echo 'any'
        case 'switch:--format'
            echo '=text json'
        case 'list:--format'
            echo '=text json'
        case 'remove:--format'
            echo '=text json'
        case 'merge:--stage'
            echo '=all tracked none'
        case 'merge:--format'
            echo '=text json'
        case 'undo:--format'
            echo '=text json'
        case 'step commit:--stage'
            echo '=all tracked none'
        case 'step commit:--format'
            echo '=text json'
        case 'step squash:--stage'
            echo '=all tracked none'
        case 'step squash:--format'
            echo '=text json'
        case 'step rebase:--format'
            echo '=text json'
        case 'step push:--format'
            echo '=text json'
        case 'step copy-ignored:--from'
            echo 'worktree'
        case 'step copy-ignored:--to'
            echo 'worktree'
        case 'step copy-ignored:--reflink'
            echo '=auto always never'
        case 'step copy-ignored:--format'
            echo '=text json'
        case 'step for-each:--format'
            echo '=text json'
        case 'step prune:--min-age'
            echo 'any'
        case 'step prune:--format'
            echo '=text json'
        case 'hook show:--format'
            echo '=text json'
        case 'config show:--format'
            echo '=text json'
        case 'config state vars get:--branch'
            echo 'branch'
        case 'config state vars set:--branch'
            echo 'branch'
        case 'config state vars list:--format'
            echo '=text json'
        case 'config state vars list:--branch'
            echo 'branch'
        case 'config state vars clear:--branch'
            echo 'branch'
        case 'config state logs:--format'
            echo '=text json'
        case 'config approvals list:--format'
            echo '=text json'
        case '*'
            echo ''
    end
end

function __git_wt_pos
    switch $argv[1]
        case 'switch:0'
            echo 'branch'
        case 'list:0'
            echo '=statusline'
        case 'remove:*'
            echo 'worktree'
        case 'merge:0'
            echo 'ref'
        case 'undo:0'
            echo 'branch'
        case 'step squash:0'
            echo 'ref'
        case 'step rebase:0'
            echo 'ref'
        case 'step push:0'
            echo 'ref'
        case 'step diff:0'
            echo 'ref'
        case 'step eval:0'
            echo 'any'
        case 'hook show:0'
            echo '=pre-switch post-switch pre-start post-start pre-commit post-commit pre-merge post-merge pre-remove post-remove'
        case 'hook pre-switch:*'
            echo 'any'
        case 'hook post-switch:*'
            echo 'any'
        case 'hook pre-start:*'
            echo 'any'
        case 'hook post-start:*'
            echo 'any'
        case 'hook pre-commit:*'
            echo 'any'
        case 'hook post-commit:*'
            echo 'any'
        case 'hook pre-merge:*'
            echo 'any'
        case 'hook post-merge:*'
            echo 'any'
        case 'hook pre-remove:*'
            echo 'any'
        case 'hook post-remove:*'
            echo 'any'
        case 'config shell init:0'
            echo '=bash zsh fish powershell'
        case 'config shell install:*'
            echo '=bash zsh fish powershell'
        case 'config shell uninstall:*'
            echo '=bash zsh fish powershell'
        case 'config state default-branch set:0'
            echo 'branch'
        case 'config state vars get:0'
            echo 'any'
        case 'config state vars set:0'
            echo 'any'
        case 'config state vars set:1'
            echo 'any'
        case 'config state vars clear:*'
            echo 'any'
        case '*'
            echo 'none'
    end
end

function __git_wt_newname
    switch $argv[1]
        case 'switch'
            echo '-c --create'
        case '*'
            echo ''
    end
end

# Print the words after `wt` (or `git-wt`) before the cursor, one per line; the git
# arguments that locate the repository (-C DIR, --git-dir DIR) go to __git_wt_gitargs.
function __git_wt_words
    set -l tokens (commandline -opc)
    set -l n (count $tokens)
    set -l i 2
    set -g __git_wt_gitargs
    if not string match -q -r '(^|/)git-wt$' -- $tokens[1]
        while test $i -le $n
            switch $tokens[$i]
                case -C --git-dir
                    set -l opt $tokens[$i]
                    set i (math $i + 1)
                    test $i -le $n; and set -a __git_wt_gitargs $opt $tokens[$i]
                case -c --work-tree --namespace --super-prefix --config-env --attr-source
                    set i (math $i + 1)
                case '--git-dir=*'
                    set -a __git_wt_gitargs $tokens[$i]
                case '-*'
                case wt
                    break
                case '*'
                    return 1
            end
            set i (math $i + 1)
        end
        test $i -le $n; or return 1
        set i (math $i + 1)
    end
    while test $i -le $n
        printf '%s\n' $tokens[$i]
        set i (math $i + 1)
    end
    return 0
end

# The git subcommand on the command line so far (nothing while it is being typed).
function __git_wt_git_subcommand
    set -l tokens (commandline -opc)
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case -C -c --git-dir --work-tree --namespace --super-prefix --config-env --attr-source
                set skip 1
            case '-*'
            case '*'
                echo $t
                return 0
        end
    end
    return 1
end

function __git_wt_using_wt
    set -l sub (__git_wt_git_subcommand)
    test "$sub" = wt
end

function __git_wt_needs_git_command
    not __git_wt_git_subcommand >/dev/null
end

# Branch candidates of kind $argv[1] (branch, worktree, ref); the rest is git arguments.
# Order: branches with a worktree, other local branches, branches only on a remote
# (without the remote prefix), then the shortcuts. One awk does the sorting out.
function __git_wt_branches
    set -l kind $argv[1]
    set -l refs refs/heads
    test "$kind" = worktree; or set -a refs refs/remotes
    # Collected first: a builtin's output would otherwise overtake the external awk's.
    set -l found (command git $argv[2..-1] for-each-ref \
        --format='%(if)%(worktreepath)%(then)+%(else)-%(end)%(refname)' -- $refs 2>/dev/null |
        __git_wt_kind=$kind command awk '
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
            if (name != "HEAD") rem[++nr] = name
        }
        END {
            for (i = 1; i <= nw; i++) print wt[i] "\tworktree"
            for (i = 1; i <= nl; i++) print loc[i] "\tbranch"
            if (ENVIRON["__git_wt_kind"] == "worktree") exit
            for (i = 1; i <= nr; i++)
                if (!(rem[i] in have)) { have[rem[i]] = 1; print rem[i] "\tremote branch" }
        }')
    printf '%s\n' $found
    test "$kind" = worktree; and return
    printf '%s\t%s\n' '^' 'the default branch' '@' 'the current worktree'
    test "$kind" = ref; or printf '%s\t%s\n' - 'the previous worktree'
end

function __git_wt_values
    set -l kind $argv[1]
    switch $kind
        case '=*'
            printf '%s\n' (string split ' ' -- (string sub -s 2 -- $kind))
        case branch worktree ref
            __git_wt_branches $kind $argv[2..-1]
        case dir
            __fish_complete_directories (commandline -ct)
        case file any
            __fish_complete_path (commandline -ct)
    end
end

function __git_wt_complete
    set -l words (__git_wt_words)
    or return
    set -l gitargs $__git_wt_gitargs
    set -l cur (commandline -ct)
    set -l cpath ''
    set -l pending ''
    set -l dd 0
    set -l npos 0
    set -l seen ' '
    for w in $words
        if test -n "$pending"
            test "$pending" = ':-C'; and set -a gitargs -C $w
            set pending ''
            continue
        end
        test $dd = 1; and continue
        switch $w
            case --
                set dd 1
                continue
            case '--*=*'
                set seen "$seen"(string replace -r '=.*' '' -- $w)' '
                continue
            case '-?*'
                set seen "$seen$w "
                set -l takes (__git_wt_optval "$cpath:$w")
                test -n "$takes"; and set pending "$cpath:$w"
                continue
        end
        if test $npos = 0
            set -l subs (__git_wt_subs "$cpath" | string replace -r '\t.*' '')
            if contains -- $w $subs
                set cpath (string trim -- "$cpath $w")
                set seen ' '
                continue
            end
        end
        set npos (math $npos + 1)
    end
    if test $dd = 1
        __fish_complete_path $cur
        return
    end
    if test -n "$pending"
        __git_wt_values (__git_wt_optval $pending) $gitargs
        return
    end
    if string match -q -- '--*=*' $cur
        set -l opt (string replace -r '=.*' '' -- $cur)
        set -l kind (__git_wt_optval "$cpath:$opt")
        test -n "$kind"; or return
        __git_wt_values $kind $gitargs | string replace -r -- '^' "$opt="
        return
    end
    if string match -q -- '-*' $cur
        __git_wt_opts "$cpath"
        return
    end
    if test $npos = 0
        set -l subs (__git_wt_subs "$cpath")
        if test (count $subs) -gt 0
            printf '%s\n' $subs
            return
        end
    end
    set -l kind (__git_wt_pos "$cpath:$npos")
    if test "$kind" = branch
        for flag in (string split ' ' -- (__git_wt_newname "$cpath"))
            string match -q -- "* $flag *" $seen; and set kind none
        end
    end
    __git_wt_values $kind $gitargs
end

complete -c git-wt -f -k -a '(__git_wt_complete)'
complete -c git -f -k -n __git_wt_using_wt -a '(__git_wt_complete)'
complete -c git -f -n __git_wt_needs_git_command -a wt -d 'manage worktrees (git-wt)'
