#!/usr/bin/env bash
# Trains an ahead-of-time cache for the service on JDK 25 or later (JEP 483, 514, 515: classes loaded and
# linked, and the methods' profiles, from a run under load), so that a start with it serves at full speed
# sooner. The training run is one spread run of the throughput benchmark, against the machine's PostgreSQL
# and Redis as bench/run.sh uses them. Then: java -XX:AOTCache=target/allocation.aot -jar target/allocation.jar
# The cache belongs to this jar and this JDK: build it again after either changes (the JVM ignores, with a
# warning, a cache that does not match). docs/performance.md shows what it changes.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BENCH_JAVA_HOME:?set BENCH_JAVA_HOME to a JDK 25 or later, e.g. /usr/lib/jvm/temurin-25-jdk-amd64}"
command -v pgbench >/dev/null || { echo "pgbench is needed (Debian: apt-get install postgresql-client)"; exit 1; }
mvn -q -DskipTests package
rm -f target/allocation.aot
BENCH_SCENARIOS=spread BENCH_WARMUP_SECONDS=10 BENCH_SECONDS=20 \
  BENCH_JAVA_OPTS="-XX:AOTCacheOutput=$PWD/target/allocation.aot" mvn -q test-compile exec:java@load
test -s target/allocation.aot || { echo "No cache was written: is $BENCH_JAVA_HOME a JDK 25 or later?"; exit 1; }
echo "Wrote target/allocation.aot: start the service with $BENCH_JAVA_HOME/bin/java -XX:AOTCache=target/allocation.aot -jar target/allocation.jar"
