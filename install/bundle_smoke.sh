#!/usr/bin/env bash
# Smoke test of the one-folder program (install/bundle.sh), with nothing from the source tree on its path:
#   --version; a demo office; each app's window up under Xvfb (or offscreen); `printer test` to a
#   loopback socket; `doctor`; a backup and its restore (the bundled migrations); PostgreSQL too when
#   MOTCUA_TEST_PG_URL is set; the bundled `motcua server` with a station joined by a code issuing a
#   ticket through it. Prints each step's time; exits non-zero at the first failure.
#
#   bash install/bundle_smoke.sh [dist/motcua]
set -euo pipefail
dist="$(cd "${1:-dist/motcua}" && pwd)"
bin="$dist/motcua"
[[ -x "$bin" ]] || { echo "no bundle at $dist: run install/bundle.sh first" >&2; exit 1; }
work="$(mktemp -d)"
cleanup() {
  [[ -z "${printer_pid:-}" ]] || kill "$printer_pid" 2>/dev/null || true
  [[ -z "${server_pid:-}" ]] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"  # nothing of the repository is importable from here
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export MOTCUA_CONFIG="$work/motcua.toml" MOTCUA_DB_URL="sqlite:///$work/office.sqlite3"
unset PYTHONPATH
mkdir -p "$HOME"
started=$(date +%s)
step() { echo "== $1 ($(( $(date +%s) - started )) s)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "version"
"$bin" --version | tee version.txt
grep -q "^motcua [0-9]" version.txt || fail "--version"

step "demo office"
"$bin" demo --no-launch | tee demo.txt
"$bin" ticket issue A | grep -q "A001" || fail "ticket issue"

step "printer test to a loopback socket"
# a raw 9100-style printer: keeps the bytes; python3 is the test machine's, not the bundle's
python3 - "$work/printed.bin" >"$work/port" <<'PY' &
import socket, sys
server = socket.create_server(("127.0.0.1", 0)); print(server.getsockname()[1], flush=True)
with open(sys.argv[1], "wb") as out:
    for _ in range(2):  # printer test, then doctor's status query
        conn, _ = server.accept(); conn.settimeout(10)
        while chunk := conn.recv(65536):
            out.write(chunk); out.flush()
            if chunk.endswith(b"\x10\x04\x01") or b"\x10\x04" in chunk[-6:]:
                conn.sendall(b"\x12")  # DLE EOT: online, cover closed, paper present
        conn.close()
PY
printer_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; python3 -c "import time; time.sleep(0.1)"; done
port="$(cat "$work/port")"
printf '[printer]\nurl = "tcp://127.0.0.1:%s"\ntimeout_s = 5\n' "$port" >"$MOTCUA_CONFIG"
"$bin" printer test
size=$(stat -c %s "$work/printed.bin")
(( size > 2000 )) || fail "the printer received only $size bytes"
echo "printer received $size bytes"

step "doctor"
set +e; "$bin" doctor --json >doctor.json; doctor_rc=$?; set -e
python3 - doctor.json <<'PY' || fail "doctor"
import json, sys
report = json.load(open(sys.argv[1]))
checks = {c["name"]: c for c in report["checks"]}
for c in report["checks"]:
    print(f'{c["status"]:4} {c["name"]}: {c["detail"]}')
for name in ("Cơ sở dữ liệu", "Lược đồ", "Máy in phiếu", "Bộ giọng đọc", "Phông chữ"):
    assert checks[name]["status"] == "ok", checks[name]
PY
kill "$printer_pid" 2>/dev/null || true; printer_pid=""
printf '' >"$MOTCUA_CONFIG"

step "backup and restore (SQLite)"
"$bin" backup "$work/copy.sqlite3"
"$bin" --db "sqlite:///$work/restored.sqlite3" restore "$work/copy.sqlite3" | tee restore.txt
grep -q "✓" restore.txt || fail "restore checks"

if [[ -n "${MOTCUA_TEST_PG_URL:-}" ]] && command -v psql >/dev/null; then
  step "backup and restore (PostgreSQL)"
  admin="${MOTCUA_TEST_PG_URL/+psycopg/}"
  name="motcua_bundle_smoke_$$"
  psql "$admin" -qc "CREATE DATABASE $name" -c "CREATE DATABASE ${name}_r"
  pg="${admin%/*}/$name"
  "$bin" --db "$pg" demo --no-launch >/dev/null
  "$bin" --db "$pg" backup "$work/copy.dump"
  "$bin" --db "${pg}_r" restore "$work/copy.dump" | grep -q "✓" || fail "PostgreSQL restore"
  psql "$admin" -qc "DROP DATABASE $name WITH (FORCE)" -c "DROP DATABASE ${name}_r WITH (FORCE)"
fi

step "office server: a station joins with a code and issues a ticket through it; the phone pages"
# the server PC: the demo office's SQLite database, its own TLS folder, a free port
server_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/server"
web_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'db_url = "sqlite:///%s/office.sqlite3"\n[serve]\nport = %s\ntls_dir = "%s/server/tls"\n[web]\nhost = "127.0.0.1"\nport = %s\n' \
  "$work" "$server_port" "$work" "$web_port" >"$work/server/motcua.toml"
env -u MOTCUA_DB_URL MOTCUA_CONFIG="$work/server/motcua.toml" "$bin" server --host 127.0.0.1 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do  # up to 60 s on a loaded machine
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the office server stopped"; }
  grep -q "Máy chủ motcua: https://" "$work/server.log" && \
    python3 -c "import ssl, urllib.request as u; u.urlopen('https://127.0.0.1:$server_port/api/time', context=ssl._create_unverified_context(), timeout=2)" 2>/dev/null && break
  sleep 0.2
done
code=$(env -u MOTCUA_DB_URL MOTCUA_CONFIG="$work/server/motcua.toml" "$bin" station code --kind kiosk --name "Kiosk sảnh" --json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')
# the station: its own config folder and data folder, no database address anywhere
station="$work/station"
mkdir -p "$station"
( export HOME="$station" XDG_CONFIG_HOME="$station/config" XDG_DATA_HOME="$station/data" \
         MOTCUA_CONFIG="$station/motcua.toml"
  unset MOTCUA_DB_URL
  "$bin" station join "https://127.0.0.1:$server_port" "$code"
  grep -q "office.sqlite3" "$station/motcua.toml" && fail "the station holds the office database's address"
  "$bin" ticket issue A | tee "$work/remote_ticket.txt"
) || { kill "$server_pid"; cat "$work/server.log"; fail "station join / ticket through the server"; }
grep -q "^Số A0" "$work/remote_ticket.txt" || fail "no ticket issued through the server"
# the citizens' phone pages, served by the same process (templates and styles from the bundle)
python3 -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$web_port/', timeout=10).read().decode())" \
  >"$work/phone_office.html" || fail "the phone pages did not answer"
grep -q "Đất đai" "$work/phone_office.html" || fail "the phone office page does not show the fields"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
grep -q Traceback "$work/server.log" && { cat "$work/server.log"; fail "the office server printed a traceback"; }
echo "ticket issued through the office server: $(cat "$work/remote_ticket.txt")"

step "each app's window"
# one script run inside one X server (xvfb-run), or offscreen where there is no Xvfb
cat >"$work/apps.sh" <<APPS
set -u
for app in kiosk counter display admin; do
  case "\$app" in counter) extra="--counter 1 --user lan" ;; admin) extra="--user quanly" ;; *) extra="" ;; esac
  log="$work/\$app.log"
  "$bin" "\$app" \$extra >"\$log" 2>&1 &
  pid=\$! seen=""
  for _ in \$(seq 120); do  # up to 60 s on a loaded machine
    kill -0 "\$pid" 2>/dev/null || break
    if [ -n "\${DISPLAY:-}" ]; then
      # the app's own top-level window, by its title (or the WM class "motcua")
      xwininfo -root -tree 2>/dev/null | grep -q '"motcua"\\|"Máy lấy số\\|"Quầy tiếp nhận\\|"Màn hình gọi số\\|"Quản lý' && { seen=1; break; }
    else
      sleep 10; seen=1; break  # offscreen: nothing to look at; still running after 10 s is the test
    fi
    sleep 0.5
  done
  if ! kill -0 "\$pid" 2>/dev/null; then cat "\$log"; echo "FAIL: \$app stopped" >&2; exit 1; fi
  kill "\$pid"; wait "\$pid" 2>/dev/null
  if grep -q Traceback "\$log"; then cat "\$log"; echo "FAIL: \$app printed a traceback" >&2; exit 1; fi
  if [ -z "\$seen" ]; then cat "\$log"; echo "FAIL: \$app showed no window" >&2; exit 1; fi
  echo "\$app: window up"
done
APPS
if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
  xvfb-run -a -s "-screen 0 1366x768x24" bash "$work/apps.sh"
else
  QT_QPA_PLATFORM=offscreen bash "$work/apps.sh"
fi

echo "bundle smoke test passed in $(( $(date +%s) - started )) s ($(du -sh "$dist" | cut -f1))"
