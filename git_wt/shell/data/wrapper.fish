# -- the wrapper: lets `git wt switch` change this shell's directory -----------------
# git runs git-wt as a child process, which cannot change its parent's directory. The
# `git` function below hands every call except `git [global options] wt ...` straight
# to the real git. For wt calls it makes two empty files, names them in
# GIT_WT_CD_FILE and GIT_WT_EXEC_FILE for git-wt, and afterwards changes to the
# directory git-wt wrote (raw text, never run as code) and runs the -x payload
# git-wt escaped for fish.

# Marks this shell as integrated: "PROTOCOL SHELL VERSION PID" (read by git-wt to
# tell "not loaded" from "bypassed" and "stale").
set -gx GIT_WT_SHELL_ACTIVE "@@PROTOCOL@@ fish @@VERSION@@ $fish_pid"

function git --description 'git; `git wt` can change the directory (git-wt)'
    set -l skip 0
    set -l sub
    for a in $argv
        if test $skip = 1
            set skip 0
            continue
        end
        switch $a
            case -C -c --git-dir --work-tree --namespace --super-prefix --config-env --attr-source
                set skip 1
            case '-*'
            case '*'
                set sub $a
                break
        end
    end
    if test "$sub" = wt
        __git_wt_run git $argv
    else
        command git $argv
    end
end

function git-wt --description 'git-wt, able to change the directory'
    __git_wt_run git-wt $argv
end

function __git_wt_run
    set -l tmp /tmp
    if set -q TMPDIR; and test -n "$TMPDIR"
        set tmp $TMPDIR
    end
    # A Ctrl-C that kills git cancels this function before it cleans up; the next call
    # removes what this shell left behind (the directory names carry its PID).
    for old in $tmp/git-wt.$fish_pid.*
        command rm -rf -- $old
    end
    set -l dir (command mktemp -d $tmp/git-wt.$fish_pid.XXXXXX)
    or begin
        command $argv
        return $status
    end
    printf '' >$dir/cd
    printf '' >$dir/exec
    GIT_WT_CD_FILE=$dir/cd GIT_WT_EXEC_FILE=$dir/exec GIT_WT_SHELL=fish command $argv
    set -l rc $status
    set -l to (string collect --no-trim-newlines <$dir/cd)
    set -l payload (string collect <$dir/exec)
    command rm -rf -- $dir
    if test -n "$to"
        set -l previous $PWD
        # `builtin` skips a cd alias or function; keep `cd -` and prevd working as
        # fish's own cd function would.
        if not builtin cd -- $to
            test $rc -ne 0; or set rc 1
            return $rc
        end
        if test "$PWD" != "$previous"
            if set -U -q dirprev
                set -U -a dirprev $previous
            else
                set -g -a dirprev $previous
            end
            set -e dirnext
            set -g __fish_cd_direction prev
        end
    end
    if test -n "$payload"
        eval $payload
        set -l s $status
        test $rc -ne 0; or set rc $s
    end
    return $rc
end
