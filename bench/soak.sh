#!/usr/bin/env bash
# The soak (README, "Faults together: the soak"): bench/soak.sh [SECONDS] [SEED] — 600 s and seed 1 by default; the same
# seed walks the same schedule of faults. Needs the machine's PostgreSQL binaries (/usr/lib/postgresql/15/bin), run as
# the postgres user (so this runs as root), and redis-server; starts its own servers, and leaves the report in
# target/soak/. Exits 0 only with no violation.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-600}"
SEED="${2:-1}"
mvn -q -DskipTests package
mvn -q test-compile exec:java@soak -Dexec.args="$SECONDS_TO_RUN $SEED"
