#!/usr/bin/env bash
# Drives CloudKitty's own CLI (python3-cloudkittyclient, API v2) against a Ratekit collector:
# scope state get/reset, scope patch, reprocessing create/list, info config and metrics.
#   scope-cli.sh http://127.0.0.1:PORT SCOPE_ID LAST_COLLECTED_PERIOD_BEGIN A_TIME_INSIDE_THAT_PERIOD
set -euo pipefail
url=$1 scope=$2 last=$3 inside=$4
ck() { cloudkitty --os-auth-type none --os-endpoint-override "$url" --os-rating-api-version 2 "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }

expect "$(ck scope state get --scope-id "$scope" -f value)" "$scope project_id events events $last"
# the CLI prints the patched scope and, returning it from a cliff Command, exits 1 (so it does with CloudKitty)
expect "$(ck scope patch --scope-id "$scope" --active false 2>&1 || true)" "'active': False"
expect "$(ck scope patch --scope-id "$scope" --active true 2>&1 || true)" "'active': True"

ck tasks reprocessing create --scope-id "$scope" --start-reprocess-time "$last" --end-reprocess-time "$last" --reason "cli check" >/dev/null
expect "$(ck tasks reprocessing get --scope-id "$scope" -f value)" "$scope cli check"

ck scope state reset --scope-id "$scope" "$last" >/dev/null
expect "$(ck scope state get --scope-id "$scope" -f value)" "$last"
# a time inside the period (basic ISO format): that period is kept, the state shows its begin
ck scope state reset --scope-id "$scope" "$inside" >/dev/null
expect "$(ck scope state get --scope-id "$scope" -f value)" "$last"

expect "$(ck info config get -f value)" "metrics {"
expect "$(ck info config get -f value)" "'vcpu': {'unit': 'vcpu'}"
expect "$(ck info metric list -f value)" "vcpu vcpu []"
expect "$(ck info metric list -f value)" "volume.size GB []"
expect "$(ck info metric get ram_mb -f value)" "ram_mb MB []"
if ck info metric get no-such-metric >/dev/null 2>&1; then fail "info metric get of an unknown metric succeeded"; fi
echo "cloudkitty CLI scopes: OK"
