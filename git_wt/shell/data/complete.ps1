# -- completion: `git-wt ...` --------------------------------------------------------
# Candidates come from git directly; no Python runs on TAB.

@@TABLES@@
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
