# Sourced by /usr/sbin/vrrpd and /usr/bin/vrrpctl (not executable on its own).
# Finds a Java 17 or newer runtime: $JAVA_HOME, then /usr/lib/jvm/java-17-openjdk-*, then 'java' on PATH.
# Sets VRRPD_JAVA or prints a clear error and exits 3.

# The feature release of a java binary ("17", "21"); "1" for 1.8 and older; empty if it does not run.
vrrpd_java_release() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

vrrpd_java_ok() {
    [ -x "$1" ] || return 1
    release=$(vrrpd_java_release "$1")
    [ -n "$release" ] && [ "$release" -ge 17 ] 2>/dev/null
}

vrrpd_find_java() {
    if [ -n "${JAVA_HOME:-}" ]; then
        if vrrpd_java_ok "$JAVA_HOME/bin/java"; then
            VRRPD_JAVA="$JAVA_HOME/bin/java"
            return 0
        fi
        echo "$VRRPD_NAME: ignoring JAVA_HOME=$JAVA_HOME: no Java 17 or newer there" >&2
    fi
    for candidate in /usr/lib/jvm/java-17-openjdk-*/bin/java; do
        if vrrpd_java_ok "$candidate"; then
            VRRPD_JAVA="$candidate"
            return 0
        fi
    done
    if command -v java >/dev/null 2>&1; then
        path_java=$(command -v java)
        if vrrpd_java_ok "$path_java"; then
            VRRPD_JAVA="$path_java"
            return 0
        fi
        echo "$VRRPD_NAME: $path_java is Java $(vrrpd_java_release "$path_java"), not 17 or newer" >&2
    fi
    echo "$VRRPD_NAME: no Java 17 or newer runtime found (tried \$JAVA_HOME, /usr/lib/jvm/java-17-openjdk-*," \
        "java on PATH); install openjdk-17-jre-headless or set JAVA_HOME" >&2
    exit 3
}
