package org.vrrpd.ctl;

import picocli.CommandLine;

/** The version both commands print, from the JAR manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {

    public static String string() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vrrpd " + string()};
    }
}
