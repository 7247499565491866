# Builds vrrpd (no tests) and prints the runtime classpath of the daemon and vrrpctl.
vrrpd_classpath() {
  local top; top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  (cd "$top" && mvn -q -B -ntp -DskipTests -pl vrrpd/daemon -am package dependency:build-classpath \
      -Dmdep.outputFile="$top/vrrpd/daemon/target/classpath.txt" >&2) || return 1
  echo "$top/vrrpd/daemon/target/classes:$(cat "$top/vrrpd/daemon/target/classpath.txt")"
}
