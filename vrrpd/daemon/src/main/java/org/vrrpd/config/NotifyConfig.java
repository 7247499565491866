package org.vrrpd.config;

import java.util.List;

/**
 * Scripts run on state changes, keepalived's {@code notify}, {@code notify_master}, {@code notify_backup},
 * {@code notify_fault}, {@code notify_stop}. Each is an argv list (no shell); empty = not configured.
 * {@link #onChange} ({@code notify}) receives the keepalived arguments {@code INSTANCE name state priority}.
 */
public record NotifyConfig(List<String> onChange, List<String> onMaster, List<String> onBackup,
        List<String> onFault, List<String> onStop) {

    public static final NotifyConfig NONE = new NotifyConfig(List.of(), List.of(), List.of(), List.of(), List.of());

    public NotifyConfig {
        onChange = List.copyOf(onChange);
        onMaster = List.copyOf(onMaster);
        onBackup = List.copyOf(onBackup);
        onFault = List.copyOf(onFault);
        onStop = List.copyOf(onStop);
    }
}
