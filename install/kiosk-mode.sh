#!/usr/bin/env bash
# Turns this Linux PC into a ticket kiosk for the user who runs it:
#   motcua kiosk --fullscreen starts with the graphical session and comes back if it stops.
#
#   install/kiosk-mode.sh [--station NAME] [--minimal-x] [--dry-run]
#
# default      a systemd user unit (~/.config/systemd/user/motcua-kiosk.service) bound to the
#              desktop session: pair it with the desktop's own automatic login.
# --minimal-x  no desktop at all: automatic login on tty1 (needs sudo), `startx` from
#              ~/.bash_profile, and ~/.xinitrc runs only the kiosk (screen never blanks,
#              restarted if it exits). Install `xserver-xorg xinit` first (and `unclutter`
#              to hide the mouse pointer on a touchscreen).
# --dry-run    print what would be written, change nothing.
#
# Leaving kiosk mode: the kiosk's ⚙ corner → manager PIN → "Thoát chương trình"; under
# --minimal-x the loop restarts it after 3 s, so switch to another tty (Ctrl+Alt+F2) to
# administer the PC, or remove ~/.xinitrc.
# Windows: see install/kiosk-mode.ps1 (shell replacement for a kiosk user).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
motcua="$here/.venv/bin/motcua"
station="kiosk"
minimal_x=0
dry_run=0
while (($#)); do
  case "$1" in
    --station) station="$2"; shift 2 ;;
    --minimal-x) minimal_x=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    *) echo "usage: $0 [--station NAME] [--minimal-x] [--dry-run]" >&2; exit 2 ;;
  esac
done
[[ -x "$motcua" ]] || { echo "Chưa cài motcua: chạy install/setup.sh trước." >&2; exit 1; }
command="$motcua kiosk --fullscreen --station $station"

write() {  # write FILE (content on stdin), or show it under --dry-run
  local file="$1"
  if ((dry_run)); then
    echo "----- $file"; cat
  else
    mkdir -p "$(dirname "$file")"; cat >"$file"; echo "đã ghi $file"
  fi
}

if ((minimal_x)); then
  user="$(id -un)"
  write "$HOME/.xinitrc" <<EOF
#!/bin/sh
# motcua kiosk session: nothing but the kiosk, never blanking
xset s off -dpms s noblank
command -v unclutter >/dev/null && unclutter -idle 1 &
while true; do
  $command
  sleep 3
done
EOF
  snippet='[ -z "$DISPLAY" ] && [ "$(tty)" = /dev/tty1 ] && exec startx -- -nocursor  # motcua kiosk'
  if ((dry_run)); then
    echo "----- $HOME/.bash_profile (appended)"; echo "$snippet"
  elif ! grep -qs "motcua kiosk" "$HOME/.bash_profile"; then
    echo "$snippet" >>"$HOME/.bash_profile"; echo "đã thêm vào $HOME/.bash_profile"
  fi
  autologin="/etc/systemd/system/getty@tty1.service.d/motcua-autologin.conf"
  body="[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin $user --noclear %I \$TERM"
  if ((dry_run)); then
    echo "----- $autologin"; echo "$body"
  else
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo mkdir -p "$(dirname "$autologin")"
    echo "$body" | $sudo tee "$autologin" >/dev/null
    $sudo systemctl daemon-reload || true
    echo "đã ghi $autologin: $user tự đăng nhập trên tty1 khi khởi động lại"
  fi
  exit 0
fi

write "$HOME/.config/systemd/user/motcua-kiosk.service" <<EOF
[Unit]
Description=motcua ticket kiosk (full screen)
PartOf=graphical-session.target
After=graphical-session.target

[Service]
ExecStart=$command
Restart=always
RestartSec=3

[Install]
WantedBy=graphical-session.target
EOF
if ((dry_run)); then
  echo "(systemctl --user enable --now motcua-kiosk.service)"
elif systemctl --user daemon-reload 2>/dev/null && systemctl --user enable motcua-kiosk.service; then
  echo "Máy lấy số sẽ tự chạy khi phiên đồ họa của $(id -un) bắt đầu (bật tự đăng nhập trong cài đặt máy)."
else
  echo "Không gọi được systemctl --user ở đây; khi đã đăng nhập phiên đồ họa, chạy:" \
       "systemctl --user enable --now motcua-kiosk.service"
fi
