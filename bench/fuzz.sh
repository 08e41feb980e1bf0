#!/usr/bin/env bash
# The full fuzz run (issue 11): token mutants of the parse/sem/build corpora plus generated huge inputs, each through
# jstap's Main in process at pass 2 (org.jstap.cli.Fuzz, in cli's test classes). Prints every bad run (crash =
# internal error / stack trace, timeout = over the limit, unlocated = a diagnostic without file:line:col) and the
# counts; exits 1 when anything was bad. FuzzTest runs a bounded sample of the same in CI.
#   bench/fuzz.sh [SEED] [MUTANTS] [HUGE_N] [LIMIT_S]      defaults: 11 3000 40000 30
set -euo pipefail
root="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -o package -DskipTests -Djacoco.skip=true -pl cli -am >&2
cp="cli/target/test-classes:cli/target/classes:$(<cli/target/classpath.txt)"
exec java -Xss8m -Xmx2g -cp "$cp" org.jstap.cli.Fuzz conformance-tests "${1:-11}" "${2:-3000}" "${3:-40000}" "${4:-30}"
