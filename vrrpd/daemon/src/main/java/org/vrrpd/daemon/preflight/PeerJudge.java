package org.vrrpd.daemon.preflight;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.RejectReason;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * Compares one heard advert with this instance's settings (RFC 9568 §7.1, RFC 3768 §7.1) and says what differs
 * and how to fix it. Pure. A difference splits the brain when one side drops the other's adverts: another
 * version, another authentication, other VIPs (keepalived drops them), a VRRPv2 interval, a checksum nobody can
 * verify, or any other drop of our VRID's adverts here.
 */
public final class PeerJudge {

    private static final Set<String> MODELLED = Set.of(RejectReason.BAD_VERSION.counterName(),
            RejectReason.AUTH_MISMATCH.counterName(), RejectReason.AUTH_PASSWORD_MISMATCH.counterName(),
            RejectReason.INTERVAL_MISMATCH_V2.counterName(), RejectReason.CHECKSUM_ERROR.counterName());

    private PeerJudge() {
    }

    /** The differences, in a stable order; empty when the peer speaks as we do. */
    public static List<Finding> judge(LocalSettings local, PeerAdvert heard) {
        List<Finding> out = new ArrayList<>();
        VrrpAdvertisement ad = heard.advert();
        String on = " on instance '" + local.instance() + "'";
        if (ad.version() != local.version()) {
            out.add(new Finding(Finding.Kind.VERSION, true, "sends VRRPv" + ad.version() + ", this instance speaks"
                    + " VRRPv" + local.version(), "set version: " + ad.version() + on
                    + " (or vrrp_version " + local.version() + " on the peer)"));
        }
        authentication(local, ad).ifPresent(out::add);
        if (!new HashSet<>(ad.addresses()).equals(new HashSet<>(local.vips()))) {
            out.add(new Finding(Finding.Kind.VIPS, true, "advertises VIPs " + text(ad.addresses())
                    + ", this instance " + text(local.vips()), "set the same vips" + on
                    + " (or the same virtual_ipaddress on the peer)"));
        }
        if (ad.maxAdverIntervalCentis() != local.intervalCs()) {
            boolean v2 = ad.version() == 2 && local.version() == 2;
            out.add(new Finding(Finding.Kind.INTERVAL, v2, "advertises every " + seconds(ad.maxAdverIntervalCentis())
                    + ", this instance every " + seconds(local.intervalCs())
                    + (v2 ? " (VRRPv2 drops adverts with another interval)" : " (VRRPv3 Backups learn it)"),
                    "set advert_interval: " + seconds(ad.maxAdverIntervalCentis()) + on));
        }
        checksum(local, heard, on).ifPresent(out::add);
        heard.dropReason().filter(r -> !judgedFromFields(r)).ifPresent(r -> out.add(new Finding(
                Finding.Kind.DROPPED, true, "sends adverts this instance drops (" + r + ")",
                "see the drop counter '" + r + "' in vrrpctl status" + on)));
        return List.copyOf(out);
    }

    /** How the authentication is described: {@code none}, {@code PASS}, {@code AH} or {@code type N}. */
    public static String authName(int type) {
        return switch (type) {
            case VrrpAuthentication.TYPE_NONE -> "none";
            case VrrpAuthentication.TYPE_SIMPLE_PASSWORD -> "PASS";
            case 2 -> "AH";
            default -> "type " + type;
        };
    }

    /** Whether the peer's authentication is what this instance sends and requires (v3: none on both sides). */
    public static boolean authenticationMatches(LocalSettings local, VrrpAdvertisement ad) {
        return local.authentication().accepts(ad.authentication());
    }

    private static Optional<Finding> authentication(LocalSettings local, VrrpAdvertisement ad) {
        if (authenticationMatches(local, ad)) {
            return Optional.empty();
        }
        VrrpAuthentication theirs = ad.authentication();
        String on = " on instance '" + local.instance() + "'";
        if (theirs.type() == local.authentication().type()) {
            return Optional.of(new Finding(Finding.Kind.AUTHENTICATION, true, "sends VRRPv2 with auth PASS and a"
                    + " different password", "set the peer's auth_pass as the authentication password" + on));
        }
        String fix = switch (theirs.type()) {
            case VrrpAuthentication.TYPE_NONE -> "remove authentication from instance '" + local.instance() + "'";
            case VrrpAuthentication.TYPE_SIMPLE_PASSWORD -> "set authentication: {type: pass, ...}" + on;
            case 2 -> "set authentication: {type: ah, ...}" + on;
            default -> "set the peer's auth_type to PASS or none";
        };
        String detail = theirs.isNone() ? "sends VRRPv2 without authentication"
                : "sends VRRPv2 with auth " + authName(theirs.type());
        return Optional.of(new Finding(Finding.Kind.AUTHENTICATION, true, detail, fix));
    }

    private static Optional<Finding> checksum(LocalSettings local, PeerAdvert heard, String on) {
        if (heard.checksum().isEmpty()) {
            return Optional.of(new Finding(Finding.Kind.CHECKSUM, true, "sends adverts whose checksum is wrong in"
                    + " either form", "check the peer's VRRP implementation (its adverts are dropped here)"));
        }
        ChecksumMode theirs = heard.checksum().get();
        if (heard.advert().version() == 3 && local.version() == 3 && theirs != local.checksum()) {
            // keepalived 2.2.7 verifies only the pseudo-header form: our message-only adverts are dropped there
            boolean splits = theirs == ChecksumMode.PSEUDO_HEADER;
            return Optional.of(new Finding(Finding.Kind.CHECKSUM, splits, "checksums VRRPv3 " + checksumName(theirs)
                    + ", this instance " + checksumName(local.checksum()) + (splits
                            ? " (keepalived 2.2.7 drops the message-only form)" : " (accepted here and by vrrpd)"),
                    "set checksum: "
                    + (theirs == ChecksumMode.PSEUDO_HEADER ? "pseudo-header" : "rfc9568") + on));
        }
        return Optional.empty();
    }

    /** {@code pseudo-header} or {@code message-only (RFC 9568)}. */
    public static String checksumName(ChecksumMode mode) {
        return mode == ChecksumMode.PSEUDO_HEADER ? "pseudo-header" : "message-only (RFC 9568)";
    }

    /**
     * Drops the judgement above derives from the advert's fields (so a reload judges them afresh); any other
     * drop reason is reported as it is.
     */
    private static boolean judgedFromFields(String reason) {
        return MODELLED.contains(reason);
    }

    private static String text(List<InetAddress> addresses) {
        return addresses.isEmpty() ? "(none)" : String.join(", ", addresses.stream().map(Addresses::text).toList());
    }

    private static String seconds(int centis) {
        return centis % 100 == 0 ? centis / 100 + "s" : centis * 10 + "ms";
    }
}
