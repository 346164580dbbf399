package io.cbn.deploy.broker;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension: one {@link LocalKafkaBroker} per test class (random ports, temp dir),
 * with the cbn topics created, stopped after the class.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class MyTest {
 *     @Test void works(LocalKafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Topics.defaults(3));
 *     @Test void works() { ... KAFKA.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * JUnit is a {@code provided} dependency of cbn-deploy: the using module brings its own.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Map<String, Integer> topics;
    private volatile LocalKafkaBroker broker;
    private volatile String ownerId;

    /** Creates {@link Topics#defaults(int)} with {@value Topics#DEFAULT_PARTITIONS} partitions. */
    public KafkaBrokerExtension() {
        this(Topics.defaults(Topics.DEFAULT_PARTITIONS));
    }

    /** Creates the given topics (name to partitions) when the broker starts. */
    public KafkaBrokerExtension(Map<String, Integer> topics) {
        this.topics = Map.copyOf(topics);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return; // a @Nested class shares its enclosing class's broker
        }
        LocalKafkaBroker started = LocalKafkaBroker.start();
        try {
            started.createTopics(topics);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        broker = started;
        ownerId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(ownerId)) {
            return;
        }
        LocalKafkaBroker running = broker;
        broker = null;
        if (running != null) {
            running.close();
        }
    }

    /** The running broker (between beforeAll and afterAll). */
    public LocalKafkaBroker broker() {
        LocalKafkaBroker running = broker;
        if (running == null) {
            throw new IllegalStateException("the Kafka broker runs only between beforeAll and afterAll of the test class");
        }
        return running;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }
}
