package io.cbn.e2e.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration a Quarkus service of this repository really reads, from its sources: the keys of
 * {@code src/main/resources/application.properties} (any profile), the {@code ${NAME:default}} expressions in
 * it, and the keys of its {@code @ConfigMapping} interfaces (kebab-case, nested groups, {@code @WithDefault}).
 * Resolves a key's value in the prod profile the way SmallRye Config does: system property (-D), then the
 * environment variable (upper case, non-alphanumerics as '_'), then application.properties ({@code %prod.} first),
 * then the mapping default.
 */
final class AppConfig {

    final String module;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> mappingDefaults = new LinkedHashMap<>();
    private final Set<String> mappingKeys = new LinkedHashSet<>();

    private AppConfig(String module) {
        this.module = module;
    }

    static Path propertiesFile(Path root, String module) {
        return root.resolve(module).resolve("src/main/resources/application.properties");
    }

    static AppConfig load(Path root, String module) {
        AppConfig c = new AppConfig(module);
        Path file = propertiesFile(root, module);
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String k : p.stringPropertyNames()) c.properties.put(k, p.getProperty(k));
        Path java = root.resolve(module).resolve("src/main/java");
        if (Files.isDirectory(java)) {
            try (Stream<Path> files = Files.walk(java)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(f);
                    if (src.contains("@ConfigMapping")) c.readMapping(src);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + java, e);
            }
        }
        return c;
    }

    /** SmallRye's environment-variable form of a property name. */
    static String envName(String key) {
        StringBuilder b = new StringBuilder();
        for (char ch : key.toCharArray()) b.append(Character.isLetterOrDigit(ch) ? Character.toUpperCase(ch) : '_');
        return b.toString();
    }

    private static String withoutProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }

    Set<String> mappingKeys() {
        return mappingKeys;
    }

    /** Every environment variable name that reaches one of this app's configuration keys. */
    Set<String> envNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            names.add(envName(withoutProfile(e.getKey())));
            Matcher m = EXPRESSION_NAME.matcher(e.getValue());
            while (m.find()) {
                String ref = m.group(1);
                names.add(ref.equals(ref.toUpperCase(Locale.ROOT)) ? ref : envName(ref));
            }
        }
        for (String k : mappingKeys) names.add(envName(k));
        return names;
    }

    private static final Pattern EXPRESSION_NAME = Pattern.compile("\\$\\{([^:}$]+)");

    /** The prod-profile value of {@code key} for a process with this environment and these -D properties, or null. */
    String value(String key, Map<String, String> env, Map<String, String> sysProps) {
        return value(key, env, sysProps, 0);
    }

    private String value(String key, Map<String, String> env, Map<String, String> sysProps, int depth) {
        if (depth > 20) throw new AssertionError(module + ": configuration expression loop at " + key);
        if (sysProps.containsKey(key)) return sysProps.get(key);
        if (env.containsKey(key)) return env.get(key);
        if (env.containsKey(envName(key))) return env.get(envName(key));
        String raw = properties.containsKey("%prod." + key) ? properties.get("%prod." + key) : properties.get(key);
        if (raw != null) return expand(raw, env, sysProps, depth + 1);
        return mappingDefaults.get(key);
    }

    private String expand(String raw, Map<String, String> env, Map<String, String> sysProps, int depth) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            int start = raw.indexOf("${", i);
            if (start < 0) {
                out.append(raw, i, raw.length());
                break;
            }
            out.append(raw, i, start);
            int level = 0;
            int end = start;
            for (int j = start; j < raw.length(); j++) {
                if (raw.startsWith("${", j)) {
                    level++;
                    j++;
                } else if (raw.charAt(j) == '}') {
                    level--;
                    if (level == 0) {
                        end = j;
                        break;
                    }
                }
            }
            if (end == start) throw new AssertionError(module + ": unbalanced expression in " + raw);
            String inner = raw.substring(start + 2, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String fallback = colon < 0 ? null : inner.substring(colon + 1);
            String v = value(name, env, sysProps, depth + 1);
            if (v == null && fallback != null) v = expand(fallback, env, sysProps, depth + 1);
            out.append(v == null ? "" : v);
            i = end + 1;
        }
        return out.toString();
    }

    // ---- @ConfigMapping interfaces ----

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern METHOD = Pattern.compile(
        "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[\\w.<>?,\\s]+>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");

    private void readMapping(String source) {
        String src = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
        Matcher m = MAPPING.matcher(src);
        if (!m.find()) return;
        String prefix = m.group(1);
        Matcher root = INTERFACE.matcher(src);
        if (!root.find(m.end())) return;
        Map<String, String> bodies = new LinkedHashMap<>();
        String rootBody = body(src, root.end() - 1);
        collectInterfaces(rootBody, bodies);
        readInterface(prefix, stripNested(rootBody), bodies);
    }

    private void readInterface(String prefix, String body, Map<String, String> nested) {
        Matcher m = METHOD.matcher(body);
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2);
            String method = m.group(3);
            Matcher named = WITH_NAME.matcher(annotations);
            String key = prefix + "." + (named.find() ? named.group(1) : kebab(method));
            String inner = type.replaceAll("^(?:Optional|List|Set)<(.+)>$", "$1").trim();
            if (nested.containsKey(inner)) {
                readInterface(key, stripNested(nested.get(inner)), nested);
            } else {
                mappingKeys.add(key);
                Matcher d = WITH_DEFAULT.matcher(annotations);
                if (d.find()) mappingDefaults.put(key, d.group(1));
            }
        }
    }

    private static void collectInterfaces(String body, Map<String, String> into) {
        Matcher m = INTERFACE.matcher(body);
        int from = 0;
        while (m.find(from)) {
            String inner = body(body, m.end() - 1);
            into.put(m.group(1), inner);
            collectInterfaces(inner, into);
            from = m.end() + inner.length();
        }
    }

    /** The body of the brace block opening at {@code open}, without the braces. */
    private static String body(String src, int open) {
        int level = 0;
        for (int i = open; i < src.length(); i++) {
            char ch = src.charAt(i);
            if (ch == '{') level++;
            else if (ch == '}' && --level == 0) return src.substring(open + 1, i);
        }
        throw new AssertionError("unbalanced braces in a @ConfigMapping source");
    }

    /** The body with nested interface blocks removed (their methods belong to the nested group). */
    private static String stripNested(String body) {
        StringBuilder out = new StringBuilder();
        Matcher m = INTERFACE.matcher(body);
        int from = 0;
        while (m.find(from)) {
            out.append(body, from, m.start());
            String inner = body(body, m.end() - 1);
            from = m.end() + inner.length() + 1;
        }
        out.append(body.substring(Math.min(from, body.length())));
        return out.toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a non-Quarkus CLI reads environment variable {@code name} itself: {@code getenv("NAME")} or a
     * picocli default {@code ${env:NAME...}} in its main Java sources.
     */
    static boolean readsEnv(Path root, String module, String name) {
        return sourcesMention(root, module, "\"" + name + "\"") || sourcesMention(root, module, "${env:" + name);
    }

    /** A literal's presence in the module's main Java sources. */
    static boolean sourcesMention(Path root, String module, String literal) {
        Path java = root.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(java)) return false;
        try (Stream<Path> files = Files.walk(java)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains(literal)) return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + java, e);
        }
    }
}
