package io.cbn.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * The released versions of a message schema, kept as fully self-contained files at
 * {@code io/cbn/schemas/released/<Name>/v<N>.avsc} (N = 1, 2, ... without gaps).
 *
 * <p>Releasing a change: edit the {@code .avsc} under {@code src/main/avro} (add fields with
 * defaults only), then add the next {@code vN.avsc} with the new generated schema. The build's
 * compatibility test fails if the newest released version differs from the generated class or
 * if any version is not backward and forward compatible with the one before it.
 */
public final class ReleasedSchemas {

    private static final String ROOT = "io/cbn/schemas/released/";

    private ReleasedSchemas() {
    }

    /**
     * Every released version of the named record, oldest first ({@code v1} at index 0).
     *
     * @throws IllegalStateException if there is no {@code v1} for the name
     */
    public static List<Schema> versions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            Schema schema = load(recordName, version);
            if (schema == null) {
                break;
            }
            versions.add(schema);
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no released schema for " + recordName + " (expected " + resource(recordName, 1) + ")");
        }
        return List.copyOf(versions);
    }

    /** Resource path of one released version. */
    public static String resource(String recordName, int version) {
        return ROOT + recordName + "/v" + version + ".avsc";
    }

    private static Schema load(String recordName, int version) {
        String resource = resource(recordName, version);
        try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            // a fresh parser per file: every version defines the same named types
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read released schema " + resource, e);
        }
    }
}
