package io.cbn.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The id stamped on every result: configured, or {@code <hostname>-<pid>}. */
public record WorkerId(String value) {

    public static WorkerId resolve(Optional<String> configured) {
        return configured.filter(s -> !s.isBlank())
                .map(String::trim)
                .map(WorkerId::new)
                .orElseGet(() -> new WorkerId(hostname() + "-" + ProcessHandle.current().pid()));
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env.trim();
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
