package io.cbn.producer;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --include} / {@code --exclude} globs, matched against a file's path relative to its
 * source root ('/' separated), with {@link java.nio.file.FileSystem#getPathMatcher glob syntax}
 * ({@code *}, {@code **}, {@code ?}, {@code [a-z]}, {@code {jpg,png}}), case-sensitive.
 *
 * <ul>
 *   <li>A glob without '/' matches the file name at any depth: {@code *.jpg} matches
 *       {@code a.jpg} and {@code 2019/x/a.jpg}.</li>
 *   <li>A glob with '/' matches the whole relative path: {@code 2019/**} matches everything
 *       under {@code 2019/}; a leading {@code **}{@code /} also matches at the top level.</li>
 *   <li>A file is accepted when it matches at least one include (or there are none) and no
 *       exclude.</li>
 * </ul>
 */
public final class PathFilter {

    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final List<Boolean> includeByName;
    private final List<Boolean> excludeByName;

    public PathFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        this.includes = new ArrayList<>();
        this.includeByName = new ArrayList<>();
        this.excludes = new ArrayList<>();
        this.excludeByName = new ArrayList<>();
        compile(includeGlobs, includes, includeByName);
        compile(excludeGlobs, excludes, excludeByName);
    }

    /** Accepts everything. */
    public static PathFilter all() {
        return new PathFilter(List.of(), List.of());
    }

    public boolean accepts(String relativePath) {
        if (includes.isEmpty() && excludes.isEmpty()) {
            return true;
        }
        Path path = Path.of(relativePath);
        Path name = path.getFileName();
        if (!includes.isEmpty() && !matchesAny(includes, includeByName, path, name)) {
            return false;
        }
        return !matchesAny(excludes, excludeByName, path, name);
    }

    private static boolean matchesAny(List<PathMatcher> matchers, List<Boolean> byName, Path path, Path name) {
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).matches(byName.get(i) ? name : path)) {
                return true;
            }
        }
        return false;
    }

    private static void compile(List<String> globs, List<PathMatcher> matchers, List<Boolean> byName) {
        for (String glob : globs) {
            if (glob == null || glob.isBlank()) {
                throw new IllegalArgumentException("empty glob");
            }
            boolean nameOnly = !glob.contains("/");
            matchers.add(matcher(glob));
            byName.add(nameOnly);
            if (glob.startsWith("**/")) {
                matchers.add(matcher(glob.substring(3)));
                byName.add(!glob.substring(3).contains("/"));
            }
        }
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getMessage(), e);
        }
    }
}
