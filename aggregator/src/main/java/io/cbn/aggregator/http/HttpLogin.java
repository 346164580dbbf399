package io.cbn.aggregator.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.aggregator.service.AggregatorConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The aggregator's HTTP users (docs/design.md, Security): loaded from {@code cbn.aggregator.http.users-file} and
 * {@code roles-file} before the HTTP server takes requests; the aggregator refuses to start when the users file is
 * required (prod) and not there, naming the path. A changed file (a Kubernetes Secret updated in place) is read again
 * on the next login at most every {@link #RECHECK}; a file that turns unreadable keeps the users read before.
 * Passwords are never logged: only paths and counts.
 */
@Singleton
public class HttpLogin {

    private static final Logger LOG = Logger.getLogger(HttpLogin.class);
    static final Duration RECHECK = Duration.ofSeconds(5);

    private final AggregatorConfig.Http config;
    private final Clock clock;
    private volatile HttpUsers users;
    private volatile List<FileTime> stamps = List.of();
    private volatile Instant checkedAt = Instant.EPOCH;

    @Inject
    public HttpLogin(AggregatorConfig config) {
        this(config.http(), Clock.systemUTC());
    }

    HttpLogin(AggregatorConfig.Http config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        start();
    }

    /** Loads the users or throws {@link IllegalStateException} saying which file is missing and how to give it. */
    public synchronized void start() {
        String problem = problem(config.usersFile(), config.usersRequired());
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
        try {
            if (config.usersFile().isEmpty()) {
                users = HttpUsers.none();
                LOG.warn("HTTP login: no users file (cbn.aggregator.http.users-file / CBN_HTTP_USERS_FILE not set):"
                        + " every page but /q/health and /q/metrics answers 401");
                return;
            }
            load();
        } catch (IOException e) {
            String message = "cbn aggregator: " + e.getMessage()
                    + " (cbn.aggregator.http.users-file / CBN_HTTP_USERS_FILE, cbn.aggregator.http.roles-file / CBN_HTTP_ROLES_FILE)";
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
    }

    /** Null when the aggregator may start with this users-file setting, else why not. */
    static String problem(Optional<Path> usersFile, boolean required) {
        if (usersFile.isEmpty()) {
            return required ? "cbn aggregator: cbn.aggregator.http.users-file (CBN_HTTP_USERS_FILE) is not set: in prod"
                    + " every page but /q/health and /q/metrics needs a login, so the users file is required"
                    + " (README, Operations: HTTP login)" : null;
        }
        Path file = usersFile.get();
        if (!Files.isRegularFile(file)) {
            return "cbn aggregator: the HTTP users file " + file.toAbsolutePath() + " does not exist"
                    + " (cbn.aggregator.http.users-file / CBN_HTTP_USERS_FILE; README, Operations: HTTP login)";
        }
        return null;
    }

    private void load() throws IOException {
        Path usersFile = config.usersFile().orElseThrow();
        Path rolesFile = rolesFile();
        List<FileTime> now = stamps(usersFile, rolesFile);
        users = HttpUsers.load(usersFile, rolesFile, config.realm(), config.plainText());
        stamps = now;
        LOG.infof("HTTP login: %d user(s) from %s, roles from %s, realm %s", users.size(), usersFile.toAbsolutePath(),
                rolesFile.toAbsolutePath(), config.realm());
    }

    private Path rolesFile() {
        Path usersFile = config.usersFile().orElseThrow();
        return config.rolesFile().orElseGet(() -> usersFile.toAbsolutePath().resolveSibling("roles.properties"));
    }

    private static List<FileTime> stamps(Path... files) {
        return java.util.Arrays.stream(files).map(f -> {
            try {
                return Files.getLastModifiedTime(f);
            } catch (IOException e) {
                return FileTime.fromMillis(0);
            }
        }).toList();
    }

    /** The user's roles when the password is theirs. */
    public Optional<Set<String>> authenticate(String user, char[] password) {
        reloadIfChanged();
        HttpUsers current = users;
        return current == null ? Optional.empty() : current.authenticate(user, password);
    }

    private void reloadIfChanged() {
        if (config.usersFile().isEmpty()) return;
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(RECHECK) < 0) return;
        synchronized (this) {
            if (Duration.between(checkedAt, now).compareTo(RECHECK) < 0) return;
            checkedAt = now;
            if (stamps(config.usersFile().get(), rolesFile()).equals(stamps)) return;
            try {
                load();
            } catch (IOException e) {
                LOG.warnf("HTTP login: %s; keeping the %d user(s) read before", e.getMessage(), users == null ? 0 : users.size());
            }
        }
    }
}
