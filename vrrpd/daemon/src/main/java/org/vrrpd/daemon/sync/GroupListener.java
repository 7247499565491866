package org.vrrpd.daemon.sync;

import org.vrrpd.config.NotifyConfig;

/** Told about every sync group move, on the protocol thread, with the group's notify scripts in force. */
@FunctionalInterface
public interface GroupListener {
    void onGroupMoved(SyncDirective.GroupMoved move, NotifyConfig scripts);
}
