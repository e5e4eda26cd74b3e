#!/usr/bin/env bash
# Drives CloudKitty's own CLI (Debian's python3-cloudkittyclient) against a Ratekit processor:
# hashmap services, fields, groups, mappings and thresholds are created, listed, updated and
# deleted, and the hashmap module is enabled. Exits non-zero at the first difference.
#   hashmap-cli.sh http://127.0.0.1:PORT
set -euo pipefail
ck() { cloudkitty --os-auth-type none --os-endpoint-override "$1" "${@:2}"; }
url=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }

expect "$(ck "$url" hashmap mapping-types list -f value)" "rate"
sid=$(ck "$url" hashmap service create cli.cpu -f value -c "Service ID")
expect "$(ck "$url" hashmap service list -f value)" "cli.cpu $sid"
expect "$(ck "$url" hashmap service get "$sid" -f value)" "cli.cpu"

fid=$(ck "$url" hashmap field create "$sid" flavor -f value -c "Field ID")
expect "$(ck "$url" hashmap field list "$sid" -f value)" "flavor $fid"

gid=$(ck "$url" hashmap group create cli-licence -f value -c "Group ID")
expect "$(ck "$url" hashmap group list -f value)" "cli-licence $gid"

fmid=$(ck "$url" hashmap mapping create --field-id "$fid" --value m1.large -t rate 1.5 -f value -c "Mapping ID")
smid=$(ck "$url" hashmap mapping create -s "$sid" -g "$gid" 0.02 -f value -c "Mapping ID")
expect "$(ck "$url" hashmap mapping list --field-id "$fid" -f value)" "$fmid m1.large 1.5000000000000000000000000000 rate"
expect "$(ck "$url" hashmap mapping list -s "$sid" -f value)" "$smid  0.0200000000000000000000000000 flat"
expect "$(ck "$url" hashmap group mappings get "$gid" -f value)" "$smid"

ck "$url" hashmap mapping update "$smid" --cost 0.03 >/dev/null
expect "$(ck "$url" hashmap mapping get "$smid" -f value)" "0.0300000000000000000000000000"

tid=$(ck "$url" hashmap threshold create -s "$sid" 8 0.9 -t rate -f value -c "Threshold ID")
expect "$(ck "$url" hashmap threshold list -s "$sid" -f value)" "$tid 8.00000000 0.9000000000000000000000000000 rate"
ck "$url" hashmap threshold update "$tid" --cost 0.8 >/dev/null
expect "$(ck "$url" hashmap threshold get "$tid" -f value)" "0.8000000000000000000000000000"

ck "$url" module enable hashmap >/dev/null
ck "$url" module set priority hashmap 3 >/dev/null
expect "$(ck "$url" module get hashmap -f value)" "hashmap True 3"
expect "$(ck "$url" module list -f value)" "noop True 1"

ck "$url" hashmap threshold delete "$tid"
ck "$url" hashmap mapping delete "$fmid"
ck "$url" hashmap group delete --recursive "$gid"
[ -z "$(ck "$url" hashmap mapping list -s "$sid" -f value)" ] || fail "the recursive group delete left the group's mapping"
ck "$url" hashmap field delete "$fid"
ck "$url" hashmap service delete "$sid"
if ck "$url" hashmap service list -f value | grep -q cli.cpu; then fail "service not deleted"; fi
echo "cloudkitty CLI: OK"
