package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWalkerTest {

    @TempDir
    Path tmp;

    private Path root;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final WalkStats stats = new WalkStats();

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("photos");
        write("top.jpg", "12345");
        write("2019/summer/beach.jpg", "abc");
        write("2019/summer/notes.txt", "not an image, still enqueued");
        write("2019/.thumbnails/beach.jpg", "hidden dir");
        write("2019/.DS_Store", "hidden file");
        write("2020/ä ö/IMG 1.PNG", "unicode and spaces");
        Files.setLastModifiedTime(root.resolve("top.jpg"), FileTime.fromMillis(1_600_000_000_000L));
    }

    @Test
    void streamsRegularNonHiddenFilesWithRelativePathsSizeAndMtime() throws IOException {
        Map<String, SourceFile> found = walk(PathFilter.all(), false);
        assertEquals(List.of("2019/summer/beach.jpg", "2019/summer/notes.txt", "2020/ä ö/IMG 1.PNG", "top.jpg"),
                List.copyOf(found.keySet()));
        SourceFile top = found.get("top.jpg");
        assertEquals(root, top.root());
        assertEquals(5, top.sizeBytes());
        assertEquals(1_600_000_000_000L, top.mtimeMillis());
        assertEquals(4, stats.accepted());
        assertEquals(1, stats.hiddenFiles());
        assertEquals(1, stats.hiddenDirs());
        assertEquals(0, stats.excluded());
        assertEquals(0, stats.walkErrors());
        assertEquals("", errors());
    }

    @Test
    void countsFilesTheGlobsExclude() throws IOException {
        Map<String, SourceFile> found = walk(new PathFilter(List.of("*.jpg", "*.PNG"), List.of("2020/**")), false);
        assertEquals(List.of("2019/summer/beach.jpg", "top.jpg"), List.copyOf(found.keySet()));
        assertEquals(2, stats.accepted());
        assertEquals(2, stats.excluded(), "notes.txt (not included) and the 2020 file (excluded)");
    }

    @Test
    void reportsSymlinkedDirectoryWithoutFollowLinksAndFollowsItWithIt() throws IOException {
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("linked.jpg"), "x");
        Files.createSymbolicLink(root.resolve("link"), elsewhere);

        Map<String, SourceFile> notFollowed = walk(PathFilter.all(), false);
        assertFalse(notFollowed.containsKey("link/linked.jpg"));
        assertEquals(1, stats.walkErrors());
        assertTrue(stats.walkErrorLines().get(0).endsWith("link: symbolic link to a directory, not followed (use --follow-links)"),
                stats.walkErrorLines().toString());
        assertTrue(errors().contains(root.resolve("link").toString()), errors());

        WalkStats followedStats = new WalkStats();
        Map<String, SourceFile> followed = walk(PathFilter.all(), true, followedStats);
        assertTrue(followed.containsKey("link/linked.jpg"));
        assertEquals(0, followedStats.walkErrors());
    }

    @Test
    void detectsASymlinkLoopWithFollowLinksAndGoesOn() throws IOException {
        Files.createSymbolicLink(root.resolve("2019/summer/loop"), root.resolve("2019"));
        Map<String, SourceFile> found = walk(PathFilter.all(), true);
        assertEquals(4, found.size(), "every real file once, nothing twice");
        assertEquals(1, stats.walkErrors());
        assertEquals(root.resolve("2019/summer/loop") + ": symbolic link loop (directory already being walked)",
                stats.walkErrorLines().get(0));
    }

    @Test
    void reportsDanglingSymlinkAndFollowsSymlinkedFile() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling.jpg"), tmp.resolve("gone.jpg"));
        Files.createSymbolicLink(root.resolve("alias.jpg"), root.resolve("top.jpg"));
        for (boolean followLinks : new boolean[] {false, true}) {
            WalkStats run = new WalkStats();
            Map<String, SourceFile> found = walk(PathFilter.all(), followLinks, run);
            assertEquals(5, found.get("alias.jpg").sizeBytes() , "a linked file is read like the file");
            assertFalse(found.containsKey("dangling.jpg"));
            assertEquals(1, run.walkErrors(), "followLinks=" + followLinks);
            assertEquals(root.resolve("dangling.jpg") + ": dangling symbolic link", run.walkErrorLines().get(0));
        }
    }

    @Test
    void stopsWhenTheSinkSaysSo() throws IOException {
        List<SourceFile> seen = new ArrayList<>();
        boolean completed = new SourceWalker(PathFilter.all(), false, stats, err).walk(root, file -> {
            seen.add(file);
            return seen.size() < 2;
        });
        assertFalse(completed);
        assertEquals(2, seen.size());
    }

    @Test
    void listsAtMostAThousandWalkErrorsButCountsAll() {
        WalkStats many = new WalkStats();
        for (int i = 0; i < WalkStats.MAX_LISTED_ERRORS + 5; i++) {
            many.walkError("/p/" + i, "permission denied");
        }
        List<String> lines = many.walkErrorLines();
        assertEquals(WalkStats.MAX_LISTED_ERRORS + 5, many.walkErrors());
        assertEquals(WalkStats.MAX_LISTED_ERRORS + 1, lines.size());
        assertEquals("/p/0: permission denied", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("... and 5 more walk errors"), lines.get(lines.size() - 1));
    }

    private Map<String, SourceFile> walk(PathFilter filter, boolean followLinks) throws IOException {
        return walk(filter, followLinks, stats);
    }

    private Map<String, SourceFile> walk(PathFilter filter, boolean followLinks, WalkStats into) throws IOException {
        Map<String, SourceFile> found = new TreeMap<>();
        boolean completed = new SourceWalker(filter, followLinks, into, err).walk(root, file -> {
            assertEquals(null, found.put(file.relativePath(), file), "offered twice: " + file.relativePath());
            return true;
        });
        assertTrue(completed);
        return found;
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String errors() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
