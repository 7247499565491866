# Sourced by /usr/sbin/vrrpd and /usr/bin/vrrpctl (not executable on its own).
# Finds a Java 17 or newer runtime: $JAVA_HOME, then /usr/lib/jvm/java-17-openjdk-*, then 'java' on PATH.
# Sets VRRPD_JAVA or prints a clear error and exits 3.

# The feature release of a java binary ("17", "21"); "1" for 1.8 and older; empty if it cannot be told.
# Read from the runtime's "release" file (every OpenJDK build ships one, Debian's openjdk-17-jre-headless
# included), so a vrrpctl call starts one JVM, not two; a runtime without that file is asked directly.
vrrpd_java_release() {
    release_file="$(dirname "$(readlink -f "$1")")/../release"
    if [ -r "$release_file" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release_file" | head -n 1
        return 0
    fi
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

# The AppCDS archive of the daemon's classes (JDK 17 dynamic archive): with it the JVM maps ~4,000 classes
# instead of loading and verifying them, which takes ~0.2 s off the start to Backup (docs/BENCHMARKS.md).
# The archive is only valid for the JVM build and the JARs that made it, so it carries a fingerprint of both
# (VRRPD_CDS_ARCHIVE.id). Sets VRRPD_CDS_OPTS to:
#   - use the archive, if it exists and its fingerprint matches;
#   - otherwise, when started by systemd as the daemon's own user with a writable cache directory
#     (CacheDirectory=vrrpd), make it: the JVM writes it when the daemon exits, after the VIPs are handed over;
#   - otherwise nothing (the JVM's own default CDS archive still applies).
# VRRPD_CDS_ARCHIVE= (empty) in /etc/default/vrrpd turns this off.
vrrpd_cds_fingerprint() {
    jvm_dir=$(dirname "$(readlink -f "$VRRPD_JAVA")")
    # size and mtime of libjvm.so and of every JAR: a JRE or vrrpd upgrade changes it
    # shellcheck disable=SC2012 # names are ours (no newlines); ls -ln gives size and time in one line
    { ls -lnL --time-style=+%s "$jvm_dir"/../lib/server/libjvm.so /usr/share/vrrpd/*.jar 2>/dev/null \
        | awk '{print $5, $6, $7}'; } | cksum | awk '{print $1 "-" $2}'
}

vrrpd_cds_opts() {
    VRRPD_CDS_OPTS=""
    archive=${VRRPD_CDS_ARCHIVE-/var/cache/vrrpd/vrrpd.jsa}
    [ -n "$archive" ] || return 0
    fingerprint=$(vrrpd_cds_fingerprint)
    if [ -s "$archive" ] && [ "$(cat "$archive.id" 2>/dev/null)" = "$fingerprint" ]; then
        VRRPD_CDS_OPTS="-XX:SharedArchiveFile=$archive -Xshare:auto"
    elif [ -n "${INVOCATION_ID:-}" ] && [ -d "$(dirname "$archive")" ] && [ -w "$(dirname "$archive")" ]; then
        rm -f "$archive" "$archive.id"
        echo "$fingerprint" > "$archive.id"
        # -Xlog:cds=off: the dump's notes on skipped classes (plugins' own loaders) are not worth a journal line;
        # vrrpd.cdsDumpAtExit: the stop leaves the dump at nice 19 instead of SCHED_IDLE (StopNiceness), so a busy
        # node still writes it within systemd's stop timeout
        VRRPD_CDS_OPTS="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off -Dvrrpd.cdsDumpAtExit=true"
    fi
}
