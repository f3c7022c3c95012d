# git-wt 0.1.0 completion for powershell; generated from git-wt's command
# definitions. Do not edit: `git wt config shell install` rewrites it.
# Dot-source it from your PowerShell profile.

# -- completion: `git-wt ...` --------------------------------------------------------
# Candidates come from git directly; no Python runs on TAB.

$global:GitWtSubcommands = @{
    '' = @("switch`tswitch to a branch's worktree, creating it when missing", "list`tshow every worktree's state at a glance", "remove`tremove worktrees (and their branches once merged)", "merge`tmerge this branch into TARGET, then remove its worktree", "undo`trestore the most recent removal (or BRANCH's) from the undo trash", "step`tthe building blocks of merge, one at a time", "hook`trun the hooks of one type now, or show the configured hooks", "config`tshow and change git-wt's settings, shell integration and stored state")
    'step' = @("commit`tstage and commit, with a message from the generator", "squash`tsquash everything since the merge-base with TARGET into one commit", "rebase`trebase the current branch onto TARGET", "push`tfast-forward the local branch TARGET to HEAD", "diff`tshow all work since the merge-base with TARGET (uncommitted and untracked too)", "copy-ignored`tcopy gitignored files (.env, node_modules/, ...) from one worktree to another", "for-each`trun a command in every worktree", "prune`tremove clean worktrees whose branches are merged into the default branch", "eval`tprint a template's expansion for the current worktree")
    'hook' = @("show`tlist every configured hook with its source and approval state", "pre-switch`trun the pre-switch hooks now", "post-switch`trun the post-switch hooks now", "pre-start`trun the pre-start hooks now", "post-start`trun the post-start hooks now", "pre-commit`trun the pre-commit hooks now", "post-commit`trun the post-commit hooks now", "pre-merge`trun the pre-merge hooks now", "post-merge`trun the post-merge hooks now", "pre-remove`trun the pre-remove hooks now", "post-remove`trun the post-remove hooks now")
    'config' = @("show`tversions, shell integration state and the settings in effect", "shell`tshell integration: cd after switch, -x in your shell, completion", "state`tvalues git-wt stores in the repository", "approvals`tapprove the project file's hook commands, or forget approvals")
    'config shell' = @("init`tprint the integration code for a shell", "install`tadd the integration to your shells' start-up files", "uninstall`tremove the integration from your shells' start-up files")
    'config state' = @("default-branch`tthe cached default branch", "vars`tper-branch values for templates ({{ vars.KEY }})", "logs`tthe logs of background hooks, newest first (their paths)")
    'config state default-branch' = @("get`tprint the default branch (detecting it if needed)", "set`tset the default branch", "clear`tforget the cached value (detect it again next time)")
    'config state vars' = @("get`tprint one value", "set`tset a value (KEY VALUE, or KEY=VALUE)", "list`tevery value of the branch", "clear`tremove values (KEY... or --all)")
    'config approvals' = @("list`tthis project's commands and whether each is approved", "add`tapprove this project's commands (asks first)", "clear`tforget this project's approvals")
}
$global:GitWtOptions = @{
    '' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "-C`trun as if git-wt was started in PATH", "-v`tprint each git and hook command run", "--verbose`tprint each git and hook command run", "--version`tshow program's version number and exit")
    'switch' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "-c`tcreate a new branch", "--create`tcreate a new branch", "-b`tcommit-ish the new branch starts from", "--base`tcommit-ish the new branch starts from", "-x`trun CMD in the target worktree afterwards", "--execute`trun CMD in the target worktree afterwards", "--clobber`tmove a non-worktree path that blocks creation aside (PATH.bak.TIMESTAMP)", "--no-cd`tdo not change the shell's directory", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--format`t", "--branches`tpicker: also list branches without worktree", "--remotes`tpicker: also list remote-only branches")
    'list' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--branches`talso show branches without a worktree (default: wt.list.branches)", "--no-branches`talso show branches without a worktree (default: wt.list.branches)", "--remotes`talso show remote-only branches (default: wt.list.remotes)", "--no-remotes`talso show remote-only branches (default: wt.list.remotes)", "--full`tadd the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)", "--no-full`tadd the slow, off-machine CI/PR column through gh or glab (default: wt.list.full)", "--format`t", "--progressive`tfill the table in as results arrive (default: when stdout is a terminal)", "--no-progressive`tfill the table in as results arrive (default: when stdout is a terminal)")
    'remove' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "-f`tremove even with uncommitted changes", "--force`tremove even with uncommitted changes", "-D`tdelete the branch even if unmerged", "--force-delete`tdelete the branch even if unmerged", "--no-delete-branch`tkeep the branch in every case", "--foreground`tdo any deleting before returning (with wt.remove.keep=0: the directory)", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--format`t")
    'merge' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--no-squash`tdon't squash the branch into one commit", "--no-commit`tdon't commit uncommitted changes first", "--no-rebase`tdon't rebase onto TARGET when needed", "--no-remove`tdon't remove the worktree and branch afterwards", "--no-ff`tdon't fast-forward TARGET (--no-ff: merge commit)", "--stage`twhat to commit: all (with untracked files), tracked, none (only staged)", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--format`t")
    'undo' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--list`tshow what can be restored", "--purge`tempty the trash now", "--format`t")
    'step' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'step commit' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--stage`twhat to commit: all (with untracked files), tracked, none (only staged)", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--show-prompt`tprint the prompt the message generator would get, and commit nothing", "--format`t")
    'step squash' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--stage`twhat to commit: all (with untracked files), tracked, none (only staged)", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--format`t")
    'step rebase' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t")
    'step push' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--no-ff`trecord a merge commit on TARGET", "--format`t")
    'step diff' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'step copy-ignored' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--from`tsource (default: primary)", "--to`tdestination (default: @)", "--dry-run`tlist what would be copied", "--reflink`tcopy-on-write clones: auto (default), always (fail without), never", "--format`t")
    'step for-each' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t")
    'step prune' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tlist them, remove nothing", "--min-age`tskip worktrees created more recently (default 1d; e.g. 0, 30m, 12h, 2w)", "--foreground`tdelete directories before returning", "--no-hooks`trun no hooks", "-y`tapprove project hooks", "--yes`tapprove project hooks", "--format`t")
    'step eval' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--shell`tescape values as in a hook command")
    'hook' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'hook show' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--expanded`texpand the templates for this worktree", "--format`t")
    'hook pre-switch' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook post-switch' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook pre-start' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook post-start' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook pre-commit' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook post-commit' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook pre-merge' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook post-merge' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook pre-remove' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'hook post-remove' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tprint the expanded commands, run nothing", "--foreground`trun post-* hooks in the foreground, output to the terminal", "-y`trun project commands without approval", "--yes`trun project commands without approval")
    'config' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config show' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t")
    'config shell' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config shell init' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config shell install' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tshow the changes (a diff) and make none", "-y`tdo not ask for confirmation", "--yes`tdo not ask for confirmation")
    'config shell uninstall' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--dry-run`tshow the changes (a diff) and make none", "-y`tdo not ask for confirmation", "--yes`tdo not ask for confirmation")
    'config state' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state default-branch' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state default-branch get' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state default-branch set' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state default-branch clear' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state vars' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config state vars get' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--branch`twhose vars (default: current)")
    'config state vars set' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--branch`twhose vars (default: current)")
    'config state vars list' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t", "--branch`twhose vars (default: current)")
    'config state vars clear' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--all`tremove every value of the branch", "--branch`twhose vars (default: current)")
    'config state logs' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t")
    'config approvals' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit")
    'config approvals list' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--format`t")
    'config approvals add' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "-y`tapprove without asking", "--yes`tapprove without asking")
    'config approvals clear' = @("-h`tshow this help message and exit", "--help`tshow this help message and exit", "--all`tforget every project's approvals")
}
$global:GitWtOptionValues = @{
    ':-C' = 'dir'
    'switch:-b' = 'ref'
    'switch:--base' = 'ref'
    'switch:-x' = 'any'
    'switch:--execute' = 'any'
    'switch:--format' = '=text json'
    'list:--format' = '=text json'
    'remove:--format' = '=text json'
    'merge:--stage' = '=all tracked none'
    'merge:--format' = '=text json'
    'undo:--format' = '=text json'
    'step commit:--stage' = '=all tracked none'
    'step commit:--format' = '=text json'
    'step squash:--stage' = '=all tracked none'
    'step squash:--format' = '=text json'
    'step rebase:--format' = '=text json'
    'step push:--format' = '=text json'
    'step copy-ignored:--from' = 'worktree'
    'step copy-ignored:--to' = 'worktree'
    'step copy-ignored:--reflink' = '=auto always never'
    'step copy-ignored:--format' = '=text json'
    'step for-each:--format' = '=text json'
    'step prune:--min-age' = 'any'
    'step prune:--format' = '=text json'
    'hook show:--format' = '=text json'
    'config show:--format' = '=text json'
    'config state vars get:--branch' = 'branch'
    'config state vars set:--branch' = 'branch'
    'config state vars list:--format' = '=text json'
    'config state vars list:--branch' = 'branch'
    'config state vars clear:--branch' = 'branch'
    'config state logs:--format' = '=text json'
    'config approvals list:--format' = '=text json'
}
# Keys ending in * apply to every further positional argument.
$global:GitWtPositionals = @{
    'switch:0' = 'branch'
    'list:0' = '=statusline'
    'remove:*' = 'worktree'
    'merge:0' = 'ref'
    'undo:0' = 'branch'
    'step squash:0' = 'ref'
    'step rebase:0' = 'ref'
    'step push:0' = 'ref'
    'step diff:0' = 'ref'
    'step eval:0' = 'any'
    'hook show:0' = '=pre-switch post-switch pre-start post-start pre-commit post-commit pre-merge post-merge pre-remove post-remove'
    'hook pre-switch:*' = 'any'
    'hook post-switch:*' = 'any'
    'hook pre-start:*' = 'any'
    'hook post-start:*' = 'any'
    'hook pre-commit:*' = 'any'
    'hook post-commit:*' = 'any'
    'hook pre-merge:*' = 'any'
    'hook post-merge:*' = 'any'
    'hook pre-remove:*' = 'any'
    'hook post-remove:*' = 'any'
    'config shell init:0' = '=bash zsh fish powershell'
    'config shell install:*' = '=bash zsh fish powershell'
    'config shell uninstall:*' = '=bash zsh fish powershell'
    'config state default-branch set:0' = 'branch'
    'config state vars get:0' = 'any'
    'config state vars set:0' = 'any'
    'config state vars set:1' = 'any'
    'config state vars clear:*' = 'any'
}
$global:GitWtNewName = @{
    'switch' = '-c --create'
}

function global:GitWtBranches([string]$Kind, [string[]]$GitArgs) {
    $refs = @('refs/heads')
    if ($Kind -ne 'worktree') { $refs += 'refs/remotes' }
    $format = '--format=%(if)%(worktreepath)%(then)+%(else)-%(end)%(refname)'
    $lines = & git @GitArgs for-each-ref $format '--' @refs 2>$null
    $worktrees = @(); $locals = @(); $remotes = @()
    $have = @{}
    foreach ($line in $lines) {
        if ($line.StartsWith('+refs/heads/')) {
            $name = $line.Substring(12); $worktrees += $name; $have[$name] = $true
        } elseif ($line.StartsWith('-refs/heads/')) {
            $name = $line.Substring(12); $locals += $name; $have[$name] = $true
        } else {
            $name = $line -replace '^.refs/remotes/[^/]*/', ''
            if ($name -ne 'HEAD' -and -not $have.ContainsKey($name)) {
                $remotes += $name; $have[$name] = $true
            }
        }
    }
    foreach ($name in $worktrees) { "$name`tworktree" }
    foreach ($name in $locals) { "$name`tbranch" }
    if ($Kind -eq 'worktree') { return }
    foreach ($name in $remotes) { "$name`tremote branch" }
    "^`tthe default branch"
    "@`tthe current worktree"
    if ($Kind -ne 'ref') { "-`tthe previous worktree" }
}

function global:GitWtValues([string]$Kind, [string[]]$GitArgs) {
    if ($Kind.StartsWith('=')) {
        $Kind.Substring(1).Split(' ')
    } elseif ($Kind -in @('branch', 'worktree', 'ref')) {
        GitWtBranches $Kind $GitArgs
    }
}

# A candidate as it must be typed: single-quoted unless plainly safe.
function global:GitWtQuote([string]$Text) {
    if ($Text -match '^[\w./:=+^-]+$' -and -not $Text.StartsWith('-') -or $Text -eq '-') {
        return $Text
    }
    "'" + ($Text -replace "['\u2018\u2019\u201a\u201b]", '$0$0') + "'"
}

Register-ArgumentCompleter -Native -CommandName 'git-wt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @()
    foreach ($element in ($commandAst.CommandElements | Select-Object -Skip 1)) {
        if ($element.Extent.EndOffset -ge $cursorPosition) { break }
        if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $words += $element.Value
        } else {
            $words += $element.Extent.Text
        }
    }
    $gitArgs = @()
    $path = ''; $pending = ''; $afterDashes = $false; $npos = 0; $seen = @()
    foreach ($w in $words) {
        if ($pending) {
            if ($pending -eq ':-C') { $gitArgs += @('-C', $w) }
            $pending = ''
            continue
        }
        if ($afterDashes) { continue }
        if ($w -eq '--') { $afterDashes = $true; continue }
        if ($w -like '--*=*') { $seen += $w.Split('=')[0]; continue }
        if ($w.Length -gt 1 -and $w.StartsWith('-')) {
            $seen += $w
            if ($GitWtOptionValues.ContainsKey("${path}:$w")) { $pending = "${path}:$w" }
            continue
        }
        if ($npos -eq 0 -and $GitWtSubcommands.ContainsKey($path)) {
            $names = $GitWtSubcommands[$path] | ForEach-Object { $_.Split("`t")[0] }
            if ($names -contains $w) {
                $path = if ($path) { "$path $w" } else { $w }
                $seen = @()
                continue
            }
        }
        $npos++
    }
    if ($afterDashes) { return }
    $prefix = ''
    $current = $wordToComplete
    if ($pending) {
        $candidates = @(GitWtValues $GitWtOptionValues[$pending] $gitArgs)
    } elseif ($current -like '--*=*') {
        $option = $current.Split('=')[0]
        $prefix = "$option="
        $current = $current.Substring($prefix.Length)
        $candidates = @(GitWtValues $GitWtOptionValues["${path}:$option"] $gitArgs)
    } elseif ($current.StartsWith('-')) {
        $candidates = @($GitWtOptions[$path])
    } elseif ($npos -eq 0 -and $GitWtSubcommands.ContainsKey($path)) {
        $candidates = @($GitWtSubcommands[$path])
    } else {
        $kind = $GitWtPositionals["${path}:$npos"]
        if ($null -eq $kind) { $kind = $GitWtPositionals["${path}:*"] }
        if ($kind -eq 'branch' -and $GitWtNewName.ContainsKey($path)) {
            foreach ($flag in $GitWtNewName[$path].Split(' ')) {
                if ($seen -contains $flag) { $kind = 'none' }
            }
        }
        if ($null -eq $kind) { $kind = 'none' }
        $candidates = @(GitWtValues $kind $gitArgs)
    }
    foreach ($candidate in $candidates) {
        $parts = ([string]$candidate).Split("`t", 2)
        $text = $parts[0]
        if (-not $text.StartsWith($current, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        $tip = if ($parts.Count -gt 1 -and $parts[1]) { $parts[1] } else { $text }
        [System.Management.Automation.CompletionResult]::new(
            $prefix + (GitWtQuote $text), $text, 'ParameterValue', $tip)
    }
}
