package org.vrrpd.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a configuration file, pinned to the line and column of the YAML node
 * it concerns so an operator can jump straight to it. Prints as {@code vrrpd.yaml:14:5: reason}, the form
 * compilers use, so editors can link it.
 *
 * @param file   the file name as given to the loader (not necessarily a full path)
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param reason what is wrong, in terms an operator can act on
 */
public record ConfigProblem(String file, int line, int column, String reason) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + reason;
    }
}
