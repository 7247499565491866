package org.vrrpd.daemon.track;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.vrrpd.config.TrackedFile;

/**
 * keepalived 2.2.7's rules for a tracked file ({@code trackers/track_file.c}), pure: how the content is read
 * ({@link #parse}) and what the value does to the instance ({@link #tracked}).
 */
public final class TrackFileValue {

    /** keepalived reads at most this many bytes of the file. */
    public static final int READ_LIMIT = 127;
    /** The status that means Fault (keepalived clamps to -254..253 and faults at -254). */
    static final int FAULT = -254;
    static final int MAX_POINTS = 253;

    private TrackFileValue() {
    }

    /**
     * The value of the file's content as C's {@code strtol(buf, NULL, 0)} reads it: leading white space, an
     * optional sign, then {@code 0x}/{@code 0X} hexadecimal, a leading {@code 0} octal, else decimal, up to the
     * first character that is not a digit; no digits read 0 (so does an empty or missing file). Empty when the
     * number overflows a C long or lies outside -2^31..2^31 (keepalived logs "Invalid number" and keeps the
     * previous value).
     */
    public static OptionalLong parse(byte[] content) {
        String s = new String(content, 0, Math.min(content.length, READ_LIMIT), StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < s.length() && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < s.length() && s.charAt(i) == '0') {
            radix = 8;
        }
        long value = 0;
        boolean overflow = false;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 'z') {
                break;
            }
            if (!overflow) {
                try {
                    value = Math.addExact(Math.multiplyExact(value, radix), d);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
        }
        if (overflow) {
            return OptionalLong.empty();
        }
        value = negative ? -value : value;
        if (value < Integer.MIN_VALUE || value > (long) Integer.MAX_VALUE + 1) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(value);
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    /**
     * What {@code value} read from {@code file} does to the instance. Weight 0: a non-zero value is Fault (with
     * {@code reverse}, a zero value is), otherwise nothing. Otherwise the value times the weight (times -1 with
     * {@code reverse}), clamped to -254..253: -254 is Fault, anything else is added to the priority.
     */
    public static Tracked tracked(TrackedFile file, long value) {
        String what = "value " + value;
        if (file.weight() == 0) {
            boolean fault = (value != 0) != file.reverse();
            return Tracked.file(file.name(), 0, fault, fault ? "has " + what + " (weight 0: Fault)" : what);
        }
        long status = value * file.weight() * (file.reverse() ? -1 : 1); // |value| <= 2^31, |weight| <= 254
        long clamped = Math.max(FAULT, Math.min(MAX_POINTS, status));
        if (clamped == FAULT) {
            return Tracked.file(file.name(), 0, true, "has " + what + " (x " + file.weight()
                    + (file.reverse() ? " reversed" : "") + " = " + status + ", -254 or less: Fault)");
        }
        return Tracked.file(file.name(), (int) clamped, false, what + " x " + file.weight()
                + (file.reverse() ? " reversed" : ""));
    }
}
