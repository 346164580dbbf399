package io.cbn.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@code java [opts] [-Dk=v...] -jar JAR [args]} command line with the same JVM that runs the launcher. */
public final class JavaCommand {
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> properties = new TreeMap<>();
    private final List<String> args = new ArrayList<>();
    private final Path jar;

    public JavaCommand(Path jar) { this.jar = jar; }

    public JavaCommand jvm(String option) { jvmOptions.add(option); return this; }

    public JavaCommand property(String key, Object value) { properties.put(key, String.valueOf(value)); return this; }

    public JavaCommand args(List<String> more) { args.addAll(more); return this; }

    public JavaCommand arg(String... more) { args.addAll(List.of(more)); return this; }

    public List<String> toList() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return cmd;
    }
}
