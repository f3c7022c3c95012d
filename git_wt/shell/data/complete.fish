# -- completion: `git wt ...` and `git-wt ...` --------------------------------------
# Candidates come from git directly; no Python runs on TAB. The `git` completions
# below see `wt` themselves instead of relying on git.fish forwarding to git-wt,
# which fish 3.6.0 broke.

@@TABLES@@
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
complete -c git -f -n __git_wt_needs_git_command -a wt -d '@@WT_HELP@@'
