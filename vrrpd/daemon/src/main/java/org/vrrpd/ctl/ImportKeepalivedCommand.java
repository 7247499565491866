package org.vrrpd.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.ConfigProblem;
import org.vrrpd.migrate.KeepalivedImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpctl import-keepalived FILE}: converts a keepalived.conf into vrrpd YAML on stdout (or {@code -o}),
 * one warning per keyword not carried over on stderr, then validates the result as {@code vrrpd config check}
 * would. Works offline; no daemon needed.
 */
@Command(name = "import-keepalived", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Convert a keepalived.conf (VRRP part) into vrrpd YAML.",
            "Warnings for everything not carried over go to stderr; the result is validated."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted and valid (warnings possible)", "1:errors in the keepalived configuration"
            + " (each file:line), or the result is invalid (problems on stderr); the YAML is still written",
            "2:bad usage or the file cannot be read"})
final class ImportKeepalivedCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "keepalived.conf to convert; includes are resolved relative to it")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write the YAML here instead of stdout")
    Path output;

    @Option(names = {"-i", "--config-id"}, paramLabel = "ID", description = {"keep the lines starting @ID, drop"
        + " those starting @^ID, as keepalived's --config-id (default: this host's name up to the first dot, as"
        + " keepalived)"})
    String configId;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KeepalivedImporter.Result r;
        try {
            r = KeepalivedImporter.convert(file, configId != null ? configId : HostName.shortName());
        } catch (IOException e) {
            err.println("vrrpctl: cannot read " + file + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        for (String w : r.warnings()) {
            err.println("warning: " + w);
        }
        for (String e : r.errors()) {
            err.println("error: " + e);
        }
        int exit = r.errors().isEmpty() ? 0 : 1;
        String name = output != null ? output.toString() : file.getFileName() + ".yaml";
        try {
            ConfigLoader.parse(r.yaml(), name);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println("invalid: " + p);
            }
            exit = 1;
        }
        if (output != null) {
            try {
                Files.writeString(output, r.yaml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("vrrpctl: cannot write " + output + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            err.println("wrote " + output + " (" + r.warnings().size() + " warning(s), " + r.errors().size()
                    + " error(s))");
        } else {
            out.print(r.yaml());
            out.flush();
        }
        err.flush();
        return exit;
    }
}
