#!/usr/bin/env bash
# Drives CloudKitty's own CLI against a Ratekit processor's pyscripts API: a script is created
# from a file, listed, read, updated (a new version) and deleted; a syntax error is refused.
#   pyscripts-cli.sh http://127.0.0.1:PORT
set -euo pipefail
ck() { cloudkitty --os-auth-type none --os-endpoint-override "$1" "${@:2}"; }
url=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'import decimal\nfor p in data["usage"].get("cli.cpu", []):\n    p["rating"]["price"] = p["vol"]["qty"] * decimal.Decimal("0.5")\n' > "$tmp/price.py"
sum=$(sha512sum "$tmp/price.py" | cut -d' ' -f1)
id=$(ck "$url" pyscript create cli.price "$tmp/price.py" -f value -c "Script ID")
expect "$(ck "$url" pyscript list -f value -c Name -c Checksum)" "cli.price $sum"
expect "$(ck "$url" pyscript list -n -f value -c Name)" "cli.price"
expect "$(ck "$url" pyscript get "$id" -f value -c Data)" 'decimal.Decimal("0.5")'

printf 'for p in data["usage"].get("cli.cpu", []):\n    p["rating"]["price"] = 1\n' > "$tmp/flat.py"
ck "$url" pyscript update "$id" -d "$tmp/flat.py" >/dev/null
expect "$(ck "$url" pyscript get "$id" -f value -c Data)" 'p\["rating"\]\["price"\] = 1'

printf 'if True\n    pass\n' > "$tmp/broken.py"
if ck "$url" pyscript create cli.broken "$tmp/broken.py" >"$tmp/out" 2>&1; then fail "a syntax error was accepted"; fi
ck "$url" pyscript delete "$id"
if ck "$url" pyscript list -f value -c Name | grep -q cli.price; then fail "cli.price still listed after delete"; fi
echo "cloudkitty CLI pyscripts: OK"
