# Installs the bundled motcua (dist\motcua\, from install\bundle.ps1) on a Windows station:
# copies the program, writes the station's motcua.toml (readable by this user only), makes the
# app start at sign-in, and for a kiosk can replace the user's shell with the kiosk.
#
#   powershell -ExecutionPolicy Bypass -File station-install.ps1 -Source D:\motcua -App kiosk `
#       -Join https://192.168.1.10:8443,ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567 -Printer "win32://EPSON TM-T82" [-KioskShell]
#   -Join     SERVER,CODE: join the office server with the join code the manager made for this PC (the
#             admin app's "Máy trạm" page, or `motcua station code` on the server): runs
#             `motcua.exe station join SERVER CODE`, which keeps the station's credential readable by this
#             user only; the station then holds no database address or password. (Or -Join SERVER -Code CODE.)
#   -DbUrl    (legacy, instead of -Join) the database address itself, for stations of an office without
#             the office server
#   -App      kiosk | counter | display | admin
#   -Counter  the counter's number (counter app)
#   -Printer  win32://<name as in Devices and Printers>, tcp://IP:9100, or empty for none
#   -KioskShell  the kiosk replaces Explorer for this user (see install\kiosk-mode.ps1; undo: -Undo there)
#
# NOT run on this project's machines (Linux only). Run it in the session of the user the station
# signs in as (automatic sign-in: Sysinternals Autologon). Check afterwards: motcua.exe doctor
param(
    [Parameter(Mandatory = $true)][string]$Source,
    [ValidateSet("kiosk", "counter", "display", "admin")][string]$App = "kiosk",
    [string[]]$Join = @(),
    [string]$Code = "",
    [string]$DbUrl = "",
    [string]$Printer = "",
    [int]$Counter = 0,
    [string]$Station = $env:COMPUTERNAME,
    [string]$Target = "$env:LOCALAPPDATA\Programs\motcua",
    [switch]$KioskShell
)
$ErrorActionPreference = "Stop"
if (-not (Test-Path (Join-Path $Source "motcua.exe"))) { Write-Error "No motcua.exe in $Source"; exit 1 }

# 1. the program: a plain copy (no Python, no installer)
New-Item -ItemType Directory -Force -Path $Target | Out-Null
robocopy $Source $Target /MIR /NFL /NDL /NJH /NJS | Out-Null
$exe = Join-Path $Target "motcua.exe"
$appExe = Join-Path $Target "motcuaw.exe"  # no console window behind the app
& $exe --version

# 2. this station's settings, readable by this user only (legacy -DbUrl: it holds the database password)
$configDir = Join-Path $env:APPDATA "motcua"
New-Item -ItemType Directory -Force -Path $configDir | Out-Null
$config = Join-Path $configDir "motcua.toml"
$lines = @()
if ($DbUrl) { $lines += "db_url = `"$DbUrl`"" }
$lines += "language = `"vi`""
if ($Printer) { $lines += ""; $lines += "[printer]"; $lines += "url = `"$Printer`"" }
$lines += ""; $lines += "[station]"
if ($Counter -gt 0) { $lines += "counter_number = $Counter" }
if ($App -ne "admin") { $lines += "fullscreen = true" }
[System.IO.File]::WriteAllLines($config, $lines, (New-Object System.Text.UTF8Encoding($false)))
icacls $config /inheritance:r /grant:r "${env:USERNAME}:(R,W)" | Out-Null
Write-Output "Settings: $config"

# 2b. join the office server with the manager's code (adds server and credential to motcua.toml)
if ($Join.Count -gt 0) {
    $server = $Join[0]
    $joinCode = if ($Join.Count -gt 1) { $Join[1] } else { $Code }
    if (-not $joinCode) { Write-Error "-Join needs the server and the code: -Join SERVER,CODE"; exit 1 }
    $env:MOTCUA_CONFIG = $config
    & $exe station join $server $joinCode
    if ($LASTEXITCODE -ne 0) { Write-Error "station join failed: ask the manager for a new code"; exit 1 }
}

# 3. start at sign-in
$appArgs = "$App --station $Station"
if ($App -eq "kiosk" -or $App -eq "display") { $appArgs += " --fullscreen" }
if ($App -eq "counter" -and $Counter -gt 0) { $appArgs += " --counter $Counter --fullscreen" }
if ($KioskShell -and $App -eq "kiosk") {
    # the kiosk is the whole session: no Explorer, restarted 3 s after it stops
    $key = "HKCU:\Software\Microsoft\Windows NT\CurrentVersion\Winlogon"
    $shell = "cmd.exe /c `"for /l %i in () do (start /wait `"`" `"$appExe`" $appArgs & timeout /t 3 /nobreak)`""
    New-Item -Path $key -Force | Out-Null
    Set-ItemProperty -Path $key -Name Shell -Value $shell
    Write-Output "Kiosk shell set for $env:USERNAME (undo: install\kiosk-mode.ps1 -Undo)."
} else {
    $startup = [Environment]::GetFolderPath("Startup")
    $shortcut = (New-Object -ComObject WScript.Shell).CreateShortcut((Join-Path $startup "motcua $App.lnk"))
    $shortcut.TargetPath = $appExe
    $shortcut.Arguments = $appArgs
    $shortcut.WorkingDirectory = $Target
    $shortcut.Save()
    Write-Output "motcua $App starts when $env:USERNAME signs in."
}

# 4. what an installer checks
& $exe doctor
