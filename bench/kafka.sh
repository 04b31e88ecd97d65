#!/usr/bin/env bash
# A local single-node Kafka broker (KRaft) on 127.0.0.1:9092, run from the Kafka jars Maven resolves (nothing to
# install), for trying the service by hand; and two helpers. See LocalKafka for the commands:
#   bench/kafka.sh                  start the broker (Ctrl-C stops it)
#   bench/kafka.sh watch [TOPIC]    print allocation.events (or TOPIC) from the beginning
#   bench/kafka.sh send JSON [KEY]  send a command to allocation.commands
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/kafka.classpath >&2
exec java -cp "target/test-classes:target/classes:$(cat target/kafka.classpath)" com.example.allocation.bench.LocalKafka "$@"
