package org.vrrpd.ctl;

import org.vrrpd.status.BuildVersion;
import picocli.CommandLine;

/** The version both commands print for {@code --version}, from {@link BuildVersion}. */
public final class Version implements CommandLine.IVersionProvider {

    public static String string() {
        return BuildVersion.string();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vrrpd " + string()};
    }
}
