package org.vrrpd.check.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream without ever buffering more than a limit: the daemon reads its plugin hosts'
 * stdout and stderr with it, so a host that writes one endless line cannot grow the daemon's heap. A longer line is
 * cut at the limit, the rest up to its line end is skipped, and the returned text ends in {@link #CUT} (so it is
 * longer than the limit, which {@link HostCodec#decode} rejects as {@code too_long}).
 */
public final class BoundedLines {

    /** Appended to a line that was cut. */
    public static final String CUT = "[...]";

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);

    public BoundedLines(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The next line without its line end, or null at the end of the stream. */
    public String readLine() throws IOException {
        buf.reset();
        boolean cut = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 && !cut ? null : text(cut);
            }
            if (b == '\n') {
                return text(cut);
            }
            if (buf.size() < limit) {
                buf.write(b);
            } else {
                cut = true;
            }
        }
    }

    private String text(boolean cut) {
        String s = buf.toString(StandardCharsets.UTF_8);
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        return cut ? s + CUT : s;
    }
}
