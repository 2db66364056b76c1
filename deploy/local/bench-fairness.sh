#!/usr/bin/env bash
# Fairness between accounts on one edge runtime (FairnessBench, no HTTP, default settings, Graal JIT):
# account B's hello with 32 closed-loop clients alone, then while account A keeps 64 requests spinning at
# the maximum cpu_ms and 200 requests sleeping on timers in flight. Prints B's req/s and p50/p99 in both
# phases and the ratio (target: B keeps >= half its throughput and p99 <= 50 ms).
#
# With "compile", account A floods with compile bombs instead (large hot functions on eight versions: work the JIT
# does on its own threads, billed to no request); the flood phase also prints the compiler's CPU time and the GCs.
#
# A third argument <burst ms>/<percent> sets each account's share of the JIT compiler (edge.runtime.account-compile-*;
# default 10000/10); 100000000/100 leaves it practically unbounded, as before the share existed.
#
# With "poison", account A calls the Web API prelude with every kind of argument (the prelude's code is shared by
# every tenant's context): does that leave another tenant slower afterwards?
#
# With "deploy", account A keeps 16 deploys in flight (versions whose global scope spins 300 ms, loaded and warmed as
# the edge does for a deploy), far beyond the control plane's deploy quota: the node's own bound on deploys.
#
# Usage: deploy/local/bench-fairness.sh [seconds per phase, default 20] [spin|compile|poison|deploy] [burst-ms/percent]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_CLASS=io.edgeworks.edge.runtime.FairnessBench exec "$root/edge-node/profile.sh" "${1:-20}" "${2:-spin}" ${3:+"$3"}
