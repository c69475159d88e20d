#!/usr/bin/env bash
# Installs the Switchboard .deb on this machine, runs what it installed, validates its metadata
# and purges it again, checking that nothing is left behind. Needs root, dpkg and apt-get.
#
#   installer/test-package.sh [--build-dir DIR] [--deb FILE]
#
# --build-dir  where `make package` put the .deb (default: build/ next to this folder). A .deb
#              that is missing, or older than DIR/bin/switchboard*, is (re)built with cpack.
# --deb FILE   test this .deb as it is.
# --cpack EXE  the cpack to build it with (default: cpack on PATH).
#
# Exit status: 0 PASS, 1 FAIL, 77 SKIP (not root, no dpkg/apt-get, or switchboard is already
# installed here, which this test would otherwise replace and purge).
# Every run ends with one line: "test-package: PASS|FAIL|SKIP ...".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=$here/../build
deb=
cpack=cpack
while [[ $# -gt 0 ]]; do
    case $1 in
        --build-dir) build_dir=$2; shift 2 ;;
        --deb) deb=$2; shift 2 ;;
        --cpack) cpack=$2; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "test-package: unknown argument $1" >&2; exit 2 ;;
    esac
done
build_dir=$(cd "$build_dir" 2>/dev/null && pwd) || { echo "test-package: FAIL: no build directory $build_dir"; exit 1; }

pkg=switchboard
started=$(date +%s)
checks=0
failures=()
skip() { echo "test-package: SKIP: $*"; exit 77; }
pass() { checks=$((checks + 1)); echo "  ok   $*"; }
fail() { checks=$((checks + 1)); failures+=("$*"); echo "  FAIL $*"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
step() { echo "== $* ($(( $(date +%s) - started ))s)"; }

[[ $(id -u) -eq 0 ]] || skip "needs root to install a package (run: sudo make test-package)"
command -v dpkg >/dev/null && command -v apt-get >/dev/null || skip "needs dpkg and apt-get (Debian or Ubuntu)"
if [[ $(dpkg-query -W -f='${db:Status-Status}' $pkg 2>/dev/null) != "" &&
      $(dpkg-query -W -f='${db:Status-Status}' $pkg 2>/dev/null) != "not-installed" ]]; then
    skip "package $pkg is already installed (or half-installed) here; purge it first: apt-get purge $pkg"
fi

tmp=$(mktemp -d /tmp/switchboard-package-test.XXXXXX)
chmod 755 "$tmp"
server_pid=
client_pid=
installed_by_us=0
cleanup() {
    for pid in $client_pid $server_pid; do
        kill "$pid" 2>/dev/null && { sleep 0.3; kill -9 "$pid" 2>/dev/null; }
    done
    if [[ $installed_by_us -eq 1 ]] && dpkg-query -W $pkg >/dev/null 2>&1 &&
       [[ $(dpkg-query -W -f='${db:Status-Status}' $pkg) != not-installed ]]; then
        echo "test-package: purging $pkg after an early stop"
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $pkg >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

finish() {
    local took=$(( $(date +%s) - started ))
    if [[ ${#failures[@]} -eq 0 ]]; then
        echo "test-package: PASS ($checks checks, ${took}s, $(basename "$deb"))"
        exit 0
    fi
    echo "test-package: FAIL (${#failures[@]} of $checks checks failed, ${took}s):"
    printf '  - %s\n' "${failures[@]}"
    exit 1
}
abort() { fail "$*"; finish; }

# Waits up to $2 seconds for the extended regex $3 in file $1; prints the match.
wait_for_line() {
    local file=$1 seconds=$2 pattern=$3 pid=${4:-} i
    for ((i = 0; i < seconds * 10; i++)); do
        if grep -Eo -m1 "$pattern" "$file" 2>/dev/null; then return 0; fi
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            grep -Eo -m1 "$pattern" "$file" 2>/dev/null && return 0
            return 1
        fi
        sleep 0.1
    done
    return 1
}

# ---- the .deb ------------------------------------------------------------------------------
step "package"
arch=$(dpkg --print-architecture)
if [[ -z $deb ]]; then
    deb=$(ls -t "$build_dir"/${pkg}_*_"$arch".deb 2>/dev/null | head -n1)
    stale=0
    for bin in "$build_dir/bin/switchboard" "$build_dir/bin/switchboard-server"; do
        [[ -x $bin ]] || abort "$bin is not built (run: make build)"
        [[ -n $deb && $bin -nt $deb ]] && stale=1
    done
    # The man pages are built files too: a .deb made before one changed is as stale.
    for page in "$build_dir"/installer/man/*.gz; do
        [[ -n $deb && -e $page && $page -nt $deb ]] && stale=1
    done
    if [[ -z $deb || $stale -eq 1 ]]; then
        echo "  building the .deb with cpack (the newest one is ${deb:-missing}${deb:+, older than the binaries})"
        (cd "$build_dir" && timeout 150 "$cpack" -G DEB) >"$tmp/cpack.log" 2>&1 ||
            { tail -n 30 "$tmp/cpack.log"; abort "cpack -G DEB failed in $build_dir"; }
        deb=$(ls -t "$build_dir"/${pkg}_*_"$arch".deb 2>/dev/null | head -n1)
    fi
fi
[[ -f $deb ]] || abort "no .deb to test (looked for $build_dir/${pkg}_*_$arch.deb)"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
echo "  $deb"

field() { dpkg-deb -f "$deb" "$1"; }
version=$(field Version)
check "file name is ${pkg}_<version>_<arch>.deb" test "$(basename "$deb")" = "${pkg}_${version}_${arch}.deb"
check "Package: $pkg" test "$(field Package)" = $pkg
check "Section: $(field Section)" grep -qE '^(net|misc)$' <<<"$(field Section)"
check "Maintainer: $(field Maintainer)" test -n "$(field Maintainer)"
check "Depends (from dpkg-shlibdeps) names the Qt 6 libraries" grep -q 'libqt6core6' <<<"$(field Depends)"
check "Description has a summary and a long description" test "$(field Description | wc -l)" -ge 3
dpkg-deb -e "$deb" "$tmp/control"
check "server.conf is a conffile" grep -qx /etc/switchboard/server.conf "$tmp/control/conffiles"
dpkg-deb -c "$deb" >"$tmp/contents"
check "nothing under /usr/local or a build path" bash -c "! grep -Eq ' \\./(usr/local|work|tmp|root|home)/' '$tmp/contents'"

# ---- install -------------------------------------------------------------------------------
step "apt-get install ./$(basename "$deb")"
installed_by_us=1
if ! (cd "$(dirname "$deb")" && DEBIAN_FRONTEND=noninteractive timeout 150 \
        apt-get install -y -q --no-install-recommends "./$(basename "$deb")") >"$tmp/apt-install.log" 2>&1; then
    tail -n 30 "$tmp/apt-install.log"
    abort "apt-get install ./$(basename "$deb") failed"
fi
pass "apt-get install ./$(basename "$deb")"
check "dpkg reports $pkg installed" test "$(dpkg-query -W -f='${db:Status-Status}' $pkg)" = installed
dpkg -L $pkg | sort >"$tmp/files"

share=/usr/share
expected=(
    /usr/bin/switchboard /usr/bin/switchboard-server
    $share/applications/switchboard.desktop
    $share/metainfo/io.switchboard.Switchboard.metainfo.xml
    $share/icons/hicolor/scalable/apps/switchboard.svg
    $share/man/man1/switchboard.1.gz $share/man/man1/switchboard-server.1.gz
    /usr/lib/systemd/system/switchboard-server.service
    /etc/switchboard/server.conf
    $share/switchboard/sample-ticks.csv
)
for size in 16 32 48 64 128 256; do
    expected+=("$share/icons/hicolor/${size}x$size/apps/switchboard.png")
done
for f in "${expected[@]}"; do
    check "installed $f" test -f "$f"
done
# A PNG's width and height are the big-endian words at bytes 16 and 20.
for size in 16 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x$size/apps/switchboard.png
    dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}')
    check "icon $png is ${size}x$size" test "$dims" = "${size}x$size"
done
if command -v readelf >/dev/null; then
    check "the binaries are stripped (no .debug_info)" \
        bash -c "! readelf -S /usr/bin/switchboard /usr/bin/switchboard-server | grep -q '\.debug_info'"
fi

# ---- the installed programs ----------------------------------------------------------------
step "installed programs"
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=$tmp/run
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
server_version=$(timeout 10 /usr/bin/switchboard-server --version 2>/dev/null)
check "switchboard-server --version → '$server_version'" test "$server_version" = "switchboard-server $version"
client_version=$(HOME=$tmp/home-version timeout 10 /usr/bin/switchboard --version 2>/dev/null)
check "switchboard --version → '$client_version'" test "$client_version" = "switchboard $version"

# Every option --help lists is in the man page (which is written by hand).
for prog in switchboard switchboard-server; do
    HOME=$tmp/home-help timeout 10 /usr/bin/$prog --help >"$tmp/$prog.help" 2>/dev/null
    zcat $share/man/man1/$prog.1.gz | sed 's/\\-/-/g' >"$tmp/$prog.man"
    missing=()
    for opt in $(grep -Eo -- '--[a-z][a-z0-9-]+' "$tmp/$prog.help" | sort -u); do
        grep -q -- "$opt" "$tmp/$prog.man" || missing+=("$opt")
    done
    check "man page $prog.1 documents every option of --help${missing[*]:+ (missing: ${missing[*]})}" \
        test ${#missing[@]} -eq 0
    if command -v man >/dev/null; then
        check "man $prog renders without warnings" \
            bash -c "MANWIDTH=80 man --warnings $prog 2>&1 >/dev/null | (! grep -q .)"
    fi
done

# ---- server and app, as installed ----------------------------------------------------------
step "installed server + headless app"
/usr/bin/switchboard-server --host 127.0.0.1 --port 0 --data-dir "$tmp/server-data" \
    >"$tmp/server.log" 2>&1 &
server_pid=$!
url=$(wait_for_line "$tmp/server.log" 15 'ws://127\.0\.0\.1:[0-9]+' $server_pid)
if [[ -z $url ]]; then
    cat "$tmp/server.log"
    abort "the installed switchboard-server did not report a listening address within 15 s"
fi
port=${url##*:}
pass "the installed switchboard-server listens on $url"

mkdir -p "$tmp/home-headless"
HOME=$tmp/home-headless /usr/bin/switchboard --server "$url" --user ci --headless \
    >"$tmp/client.log" 2>&1 &
client_pid=$!
if wait_for_line "$tmp/client.log" 20 '^state: open' $client_pid >/dev/null; then
    pass "the installed app (--headless) connected: 'state: open'"
else
    sed 's/^/    client: /' "$tmp/client.log" | tail -n 20
    fail "the installed app (--headless) did not log 'state: open' within 20 s"
fi
kill "$client_pid" 2>/dev/null; wait "$client_pid" 2>/dev/null; client_pid=

# ---- the menu entry ------------------------------------------------------------------------
step "menu entry"
desktop=$share/applications/switchboard.desktop
if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$desktop" 2>&1); rc=$?
    [[ -n $out ]] && sed 's/^/    /' <<<"$out"
    check "desktop-file-validate $desktop" test $rc -eq 0
else
    fail "desktop-file-validate is missing (Debian: desktop-file-utils)"
fi
icon=$(sed -n 's/^Icon=//p' "$desktop")
check "Icon=$icon is in the hicolor theme" test -f "$share/icons/hicolor/scalable/apps/$icon.svg"
check "StartupWMClass matches the app's desktop file name" grep -qx 'StartupWMClass=switchboard' "$desktop"
# Launch what the menu would: the Exec line without field codes, from PATH, with a configured
# profile pointing at the test server, and wait for its WebSocket connection to appear.
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | sed -E 's/ ?%[fFuUdDnNickvm]//g')
read -r -a argv <<<"$exec_line"
check "Exec=${argv[0]} is on PATH" command -v "${argv[0]}" >/dev/null
menu_home=$tmp/home-menu
mkdir -p "$menu_home/.config/switchboard"
printf '[connection]\nconfigured=true\nserver=%s\n\n[identity]\nname=menu\n' "$url" \
    >"$menu_home/.config/switchboard/switchboard.conf"
env -i PATH=/usr/bin:/bin HOME="$menu_home" QT_QPA_PLATFORM=offscreen \
    XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" "${argv[@]}" >"$tmp/menu.log" 2>&1 &
client_pid=$!
port_hex=$(printf '%04X' "$port")
connected() {
    # An ESTABLISHED (01) TCP socket of the app's whose remote end is 127.0.0.1:port.
    local inodes inode
    inodes=$(ls -l /proc/"$client_pid"/fd 2>/dev/null | grep -o 'socket:\[[0-9]*\]' | tr -dc '0-9\n')
    [[ -n $inodes ]] || return 1
    for inode in $inodes; do
        awk -v p=":$port_hex" -v i="$inode" \
            '$3 ~ p"$" && $4 == "01" && $10 == i { found = 1 } END { exit !found }' \
            /proc/net/tcp /proc/net/tcp6 && return 0
    done
    return 1
}
ok=0
for ((i = 0; i < 200; i++)); do
    kill -0 "$client_pid" 2>/dev/null || break
    if connected; then ok=1; break; fi
    sleep 0.1
done
if [[ $ok -eq 1 ]]; then
    pass "the menu entry's command ('$exec_line') started the app and it connected"
else
    sed 's/^/    app: /' "$tmp/menu.log" | tail -n 20
    fail "the menu entry's command ('$exec_line') did not connect to the server within 20 s"
fi
sleep 1
check "the app launched from the menu entry is still running" kill -0 "$client_pid"
kill "$client_pid" 2>/dev/null; wait "$client_pid" 2>/dev/null; client_pid=
kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=

# ---- metadata ------------------------------------------------------------------------------
step "metadata"
metainfo=$share/metainfo/io.switchboard.Switchboard.metainfo.xml
if command -v appstreamcli >/dev/null; then
    out=$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1); rc=$?
    sed 's/^/    /' <<<"$out"
    check "appstreamcli validate --no-net $metainfo" test $rc -eq 0
else
    echo "  (appstreamcli not installed: metainfo validation left out)"
fi
check "metainfo names desktop-id switchboard.desktop" \
    grep -q '<launchable type="desktop-id">switchboard.desktop</launchable>' "$metainfo"
check "metainfo has a release $version" grep -q "<release version=\"$version\"" "$metainfo"
check "metainfo has a screenshot" grep -q '<screenshot' "$metainfo"
if command -v systemd-analyze >/dev/null; then
    out=$(systemd-analyze verify /usr/lib/systemd/system/switchboard-server.service 2>&1); rc=$?
    [[ -n $out ]] && sed 's/^/    /' <<<"$out"
    check "systemd-analyze verify switchboard-server.service" test $rc -eq 0
fi
unit=/usr/lib/systemd/system/switchboard-server.service
check "the unit reads /etc/switchboard/server.conf" grep -q '^EnvironmentFile=-\?/etc/switchboard/server.conf' "$unit"
check "the unit is not enabled" bash -c "! ls /etc/systemd/system/*.wants/switchboard-server.service >/dev/null 2>&1"
check "server.conf sets SWITCHBOARD_ARGS" grep -q '^SWITCHBOARD_ARGS=' /etc/switchboard/server.conf
# What the unit would run, with the conffile's arguments, must parse: start it for a moment.
(
    set -a; . /etc/switchboard/server.conf; set +a
    # shellcheck disable=SC2086 # word splitting is what systemd does with $SWITCHBOARD_ARGS
    exec timeout 3 /usr/bin/switchboard-server --data-dir "$tmp/unit-data" $SWITCHBOARD_ARGS --port 0
) >"$tmp/unit.log" 2>&1
check "switchboard-server accepts the arguments of the default server.conf" \
    grep -q 'listening on' "$tmp/unit.log"

# ---- purge ---------------------------------------------------------------------------------
step "apt-get purge $pkg"
if DEBIAN_FRONTEND=noninteractive timeout 120 apt-get purge -y -q $pkg >"$tmp/apt-purge.log" 2>&1; then
    pass "apt-get purge -y $pkg"
    installed_by_us=0
else
    tail -n 20 "$tmp/apt-purge.log"
    fail "apt-get purge -y $pkg"
fi
check "dpkg no longer knows $pkg" \
    bash -c "! dpkg-query -W -f='\${db:Status-Status}' $pkg 2>/dev/null | grep -qv not-installed"
leftovers=()
while read -r path; do
    [[ -z $path || $path == /. ]] && continue
    if [[ -L $path || -f $path ]]; then
        leftovers+=("$path")
    elif [[ -d $path ]] && ! dpkg-query -S "$path" >/dev/null 2>&1 &&
         [[ -z $(ls -A "$path" 2>/dev/null) ]]; then
        leftovers+=("$path/")  # an empty directory no package owns: ours, not cleaned up
    fi
done <"$tmp/files"
for path in /etc/switchboard /var/lib/switchboard /var/lib/private/switchboard \
            /usr/share/switchboard /usr/share/doc/switchboard; do
    [[ -e $path ]] && leftovers+=("$path")
done
check "nothing of the package is left after purge${leftovers[*]:+ (left: ${leftovers[*]})}" \
    test ${#leftovers[@]} -eq 0

finish
