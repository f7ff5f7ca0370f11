# Windows kiosk: replace the shell of a dedicated, automatically signed-in user with
# `motcua kiosk --fullscreen` (no Explorer, no taskbar). Run in that user's session:
#
#   powershell -ExecutionPolicy Bypass -File install\kiosk-mode.ps1 [-Station kiosk] [-Undo]
#
# Not tested on this project's machines (Linux only); it uses the documented per-user
# Winlogon "Shell" value. Windows Enterprise/Education can use Shell Launcher instead.
# Automatic sign-in: Sysinternals Autologon (stores the password encrypted).
# Leaving: the kiosk's corner -> manager PIN -> "Thoat chuong trinh" ends the session's
# shell; sign out with Ctrl+Alt+Del, then run with -Undo from an administrator account.
param([string]$Station = "kiosk", [switch]$Undo)

$root = Split-Path -Parent $PSScriptRoot
$motcua = Join-Path $root ".venv\Scripts\motcua.exe"
# the bundled program (install\station-install.ps1) when there is no source checkout
$bundled = Join-Path $env:LOCALAPPDATA "Programs\motcua\motcua.exe"
if (-not (Test-Path $motcua) -and (Test-Path $bundled)) { $motcua = $bundled }
$key = "HKCU:\Software\Microsoft\Windows NT\CurrentVersion\Winlogon"

if ($Undo) {
    Remove-ItemProperty -Path $key -Name Shell -ErrorAction SilentlyContinue
    Write-Output "Shell restored to Explorer for $env:USERNAME."
    exit 0
}
if (-not (Test-Path $motcua)) { Write-Error "motcua is not installed: $motcua"; exit 1 }

# cmd's loop brings the kiosk back 3 s after it stops (a crash, or the manager's exit)
$shell = "cmd.exe /c `"for /l %i in () do (`"$motcua`" kiosk --fullscreen --station $Station & timeout /t 3 /nobreak)`""
New-Item -Path $key -Force | Out-Null
Set-ItemProperty -Path $key -Name Shell -Value $shell
Write-Output "Next sign-in of $env:USERNAME starts only the kiosk. Undo: kiosk-mode.ps1 -Undo"
