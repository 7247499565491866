package org.vrrpd.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * What the control socket serves: the daemon implements it. {@link #handle} is called on the control thread,
 * never the protocol thread; an implementation hops onto the protocol thread itself for anything that reads
 * or changes protocol state, and completes the stage with the reply's data: a record of
 * {@code org.vrrpd.status}, which the control socket writes as JSON.
 */
public interface ControlService {

    /** Whether a command changes anything (then only root or the admin group may call it). */
    boolean mutates(String command);

    /** Whether the command exists at all. */
    boolean knows(String command);

    /** Runs a command; a failed stage with a {@link ControlException} becomes an error reply. */
    CompletionStage<?> handle(String command, JsonNode args, Caller caller);
}
