# -- the wrapper: lets `git-wt switch` change this shell's directory -----------------
# PowerShell drops a bare `--` from the arguments of a function, so wrapping `git`
# itself would break `git checkout -- file`. Only `git-wt` is wrapped: type
# `git-wt switch ...` (not `git wt switch ...`) to change directory, and quote the
# separator as '--' when passing arguments to -x.
# The function makes two empty files, names them in GIT_WT_CD_FILE and
# GIT_WT_EXEC_FILE for git-wt, and afterwards changes to the directory git-wt wrote
# (raw text, never run as code) and runs the -x payload git-wt escaped for PowerShell.

# Marks this shell as integrated: "PROTOCOL SHELL VERSION PID" (read by git-wt to
# tell "not loaded" from "bypassed" and "stale").
$env:GIT_WT_SHELL_ACTIVE = "@@PROTOCOL@@ powershell @@VERSION@@ $PID"

function global:git-wt {
    $app = Get-Command -Name 'git-wt' -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if (-not $app) {
        Write-Error 'git-wt: the git-wt program is not on PATH'
        $global:LASTEXITCODE = 127
        return
    }
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('git-wt.' + [System.Guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $dir
    $cdFile = Join-Path $dir 'cd'
    $execFile = Join-Path $dir 'exec.ps1'
    [System.IO.File]::WriteAllText($cdFile, '')
    [System.IO.File]::WriteAllText($execFile, '')
    $saved = @($env:GIT_WT_CD_FILE, $env:GIT_WT_EXEC_FILE, $env:GIT_WT_SHELL)
    $env:GIT_WT_CD_FILE = $cdFile
    $env:GIT_WT_EXEC_FILE = $execFile
    $env:GIT_WT_SHELL = 'powershell'
    $rc = 1
    $target = ''
    $payload = ''
    try {
        & $app @args
        $rc = $LASTEXITCODE
        $target = [System.IO.File]::ReadAllText($cdFile)
        $payload = [System.IO.File]::ReadAllText($execFile)
    } finally {
        # Runs on Ctrl-C too, so nothing is left behind.
        $env:GIT_WT_CD_FILE, $env:GIT_WT_EXEC_FILE, $env:GIT_WT_SHELL = $saved
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    }
    if ($target) {
        try {
            # Module-qualified, so an alias or function named Set-Location or cd is skipped.
            Microsoft.PowerShell.Management\Set-Location -LiteralPath $target -ErrorAction Stop
        } catch {
            Write-Error $_
            if ($rc -eq 0) { $rc = 1 }
            $global:LASTEXITCODE = $rc
            return
        }
    }
    if ($payload) {
        $global:LASTEXITCODE = 0
        . ([System.Management.Automation.ScriptBlock]::Create($payload))
        $ok = $?
        if ($rc -eq 0) {
            if ($LASTEXITCODE) { $rc = $LASTEXITCODE } elseif (-not $ok) { $rc = 1 }
        }
    }
    $global:LASTEXITCODE = $rc
}
