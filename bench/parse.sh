#!/usr/bin/env bash
# Pass-1 throughput benchmark: builds the bench module and runs ParseBench from the repository root.
#   bench/parse.sh [LINES] [CORPUS_DIR]      (defaults: 10000 conformance-tests/parse/ok)
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -o package -DskipTests -Djacoco.skip=true -pl bench -am >&2 || mvn -B -q -Dstyle.color=never package -DskipTests -Djacoco.skip=true -pl bench -am >&2
exec java -Xss8m -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(<bench/target/classpath.txt)" org.jstap.bench.ParseBench "$@"
