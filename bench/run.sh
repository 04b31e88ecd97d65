#!/usr/bin/env bash
# The throughput benchmark: builds the service, then runs it against the machine's PostgreSQL and Redis,
# side by side with the pgbench ceiling. Settings by environment: see LoadBenchmark's documentation.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbench >/dev/null || { echo "pgbench is needed (Debian: apt-get install postgresql-client)"; exit 1; }
mvn -q -DskipTests package
mvn -q test-compile exec:java@load
