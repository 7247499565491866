package org.vrrpd.control;

import java.util.Arrays;

/**
 * Who is on the other end of a control connection, from the kernel's SO_PEERCRED answer, never from anything
 * the client says. {@code gids} holds the primary group and, where they could be read, the supplementary
 * groups of the peer process.
 */
public record Caller(int pid, int uid, int[] gids) {

    public Caller {
        gids = gids.clone();
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public boolean inGroup(int gid) {
        return Arrays.stream(gids).anyMatch(g -> g == gid);
    }

    @Override
    public int[] gids() {
        return gids.clone();
    }

    @Override
    public String toString() {
        return "pid " + pid + " uid " + uid + " gids " + Arrays.toString(gids);
    }
}
