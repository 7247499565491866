package org.vrrpd.net;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Test-only: drops a capability from the calling thread's effective set with capget/capset (Linux capabilities
 * are per thread), so a lab test can show what an unprivileged daemon would see. Not part of the daemon's native
 * surface.
 */
final class ThreadCapabilities {

    static final int CAP_NET_RAW = 13;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    /** jnr needs a public interface. */
    public interface CapLib {
        int capget(Pointer header, Pointer data);

        int capset(Pointer header, Pointer data);
    }

    private ThreadCapabilities() {
    }

    static void dropEffective(int capability) {
        CapLib lib = LibraryLoader.create(CapLib.class).load("c");
        Runtime runtime = Runtime.getRuntime(lib);
        Pointer header = Memory.allocateDirect(runtime, 8, true);
        header.putInt(0, LINUX_CAPABILITY_VERSION_3);
        header.putInt(4, 0);
        Pointer data = Memory.allocateDirect(runtime, 24, true);
        if (lib.capget(header, data) != 0) {
            throw new IllegalStateException("capget failed, errno " + runtime.getLastError());
        }
        int word = capability / 32;
        int effective = data.getInt(word * 12L);
        data.putInt(word * 12L, effective & ~(1 << (capability % 32)));
        if (lib.capset(header, data) != 0) {
            throw new IllegalStateException("capset failed, errno " + runtime.getLastError());
        }
    }
}
