#!/usr/bin/env bash
# Drives CloudKitty's own CLI (python3-cloudkittyclient) against a Ratekit storage service holding
# the report fixtures (March 2025): v1 summary and total, v2 summary and dataframes.
#   reporting-cli.sh http://127.0.0.1:PORT
set -euo pipefail
url=$1
ck() { cloudkitty --os-auth-type none --os-endpoint-override "$url" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
b=2025-03-01T00:00:00
e=2025-04-01T00:00:00

expect "$(ck summary get -b $b -e $e -g tenant_id res_type -f value)" "rp-a vcpu 1.03 "
expect "$(ck summary get -b $b -e $e -t rp-b -f value)" "ALL ALL 0.3 "
expect "$(ck total get -b $b -e $e -t rp-a -f value 2>/dev/null)" "1.53"
expect "$(ck --os-rating-api-version 2 summary get -b $b -e $e -g project_id -g type --filter project_id:rp-a -f value)" "1.3 1.03 rp-a vcpu"
expect "$(ck --os-rating-api-version 2 dataframes get -b $b -e $e --filter project_id:rp-b -f value)" "vcpu u 3 0.3"
echo "cloudkitty CLI reporting: OK"
