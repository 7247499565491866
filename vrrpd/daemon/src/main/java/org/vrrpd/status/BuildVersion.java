package org.vrrpd.status;

/** The version of this build, from the JAR manifest ("dev" when run from classes); daemon and vrrpctl alike. */
public final class BuildVersion {

    private BuildVersion() {
    }

    public static String string() {
        String v = BuildVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
