#!/usr/bin/env bash
# A/B of the edge: another commit's whole stack against this checkout's, one after the other, measured the same
# way (this checkout's bench-edge.sh runs against both), each on a freshly started stack.
#   1. down.sh here; 2. <commit> in a git worktree (.state/ab/<commit>): its up.sh, bench-edge.sh, its down.sh;
#   3. up.sh here, bench-edge.sh, down.sh (unless --keep-up). Logs in .state/logs/ab-*.log; both tables printed.
# Usage: deploy/local/bench-ab.sh <commit> [--keep-up] [bench-edge.sh options; default --no-heap]
# Environment: AB_OLD_EDGE_MANAGEMENT_URL: where the old edge answers /q/health/ready (builds from before the
#   management port, e.g. 1ee2c59: http://127.0.0.1:8081); default EDGE_MANAGEMENT_URL or http://127.0.0.1:9000.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
commit=$(git -C "$root" rev-parse --short "$1")
shift
keep_up=false
opts=()
for arg in "$@"; do
  if [ "$arg" = "--keep-up" ]; then keep_up=true; else opts+=("$arg"); fi
done
[ ${#opts[@]} -gt 0 ] || opts=(--no-heap)
logs=$root/.state/logs
tree=$root/.state/ab/$commit
mkdir -p "$logs" "$root/.state/ab"
[ -d "$tree" ] || git -C "$root" worktree add --detach "$tree" "$commit" >/dev/null
cp "$here/bench-edge.sh" "$tree/deploy/local/bench-edge.sh"
management=${EDGE_MANAGEMENT_URL:-http://127.0.0.1:9000}

echo "== $(date -u +%H:%M:%S) stopping this checkout's stack"
"$here/down.sh" >"$logs/ab-down-here.log" 2>&1 || true

echo "== $(date -u +%H:%M:%S) $commit: up.sh (log $logs/ab-$commit-up.log)"
(cd "$tree" && deploy/local/up.sh) >"$logs/ab-$commit-up.log" 2>&1
echo "== $(date -u +%H:%M:%S) $commit: bench-edge.sh ${opts[*]} (load $(cut -d' ' -f1-3 /proc/loadavg))"
(cd "$tree" && EDGE_MANAGEMENT_URL=${AB_OLD_EDGE_MANAGEMENT_URL:-$management} deploy/local/bench-edge.sh "${opts[@]}") \
  >"$logs/ab-$commit-bench.log" 2>&1 || echo "   bench of $commit failed: see $logs/ab-$commit-bench.log"
(cd "$tree" && deploy/local/down.sh) >"$logs/ab-$commit-down.log" 2>&1 || true

here_commit=$(git -C "$root" rev-parse --short HEAD)
echo "== $(date -u +%H:%M:%S) $here_commit (this checkout): up.sh"
"$here/up.sh" >"$logs/ab-$here_commit-up.log" 2>&1
echo "== $(date -u +%H:%M:%S) $here_commit: bench-edge.sh ${opts[*]} (load $(cut -d' ' -f1-3 /proc/loadavg))"
EDGE_MANAGEMENT_URL=$management "$here/bench-edge.sh" "${opts[@]}" >"$logs/ab-$here_commit-bench.log" 2>&1 \
  || echo "   bench of $here_commit failed: see $logs/ab-$here_commit-bench.log"
[ "$keep_up" = true ] || "$here/down.sh" >"$logs/ab-down-here.log" 2>&1 || true

for c in "$commit" "$here_commit"; do
  echo
  echo "### $c"
  sed -n '/^date /,$p' "$logs/ab-$c-bench.log"
done
