# Builds the one-folder program dist\motcua\ on Windows (PyInstaller, the same spec as Linux):
#
#   powershell -ExecutionPolicy Bypass -File install\bundle.ps1
#
# Needs Python 3.11 (python.org installer, "Add to PATH") and Git; run in a clone of the repository.
# NOT run on this project's machines (Linux only): written from the Linux build, to be tried on Windows.
# Then copy dist\motcua\ to each station and run install\station-install.ps1 there.
$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e ".[postgres,camera,bundle]"
.venv\Scripts\python.exe -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller install\bundle\motcua.spec
& dist\motcua\motcua.exe --version
if ($LASTEXITCODE -ne 0) { Write-Error "the bundle does not start"; exit 1 }
Write-Output "dist\motcua\ is ready: copy it to the stations (install\station-install.ps1)."
