package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PathFilterTest {

    @Test
    void acceptsEverythingWithoutGlobs() {
        assertTrue(PathFilter.all().accepts("a/b/c.txt"));
    }

    @Test
    void globWithoutSlashMatchesTheNameAtAnyDepth() {
        PathFilter jpgs = new PathFilter(List.of("*.jpg"), List.of());
        assertTrue(jpgs.accepts("a.jpg"));
        assertTrue(jpgs.accepts("2019/summer/a.jpg"));
        assertFalse(jpgs.accepts("2019/summer/a.JPG"), "case-sensitive");
        assertFalse(jpgs.accepts("a.jpg.txt"));
        assertTrue(new PathFilter(List.of("*.{jpg,JPG}"), List.of()).accepts("x/a.JPG"));
    }

    @Test
    void globWithSlashMatchesTheRelativePath() {
        PathFilter under2019 = new PathFilter(List.of("2019/**"), List.of());
        assertTrue(under2019.accepts("2019/a.jpg"));
        assertTrue(under2019.accepts("2019/x/y/a.jpg"));
        assertFalse(under2019.accepts("2020/2019/a.jpg"));
        assertFalse(under2019.accepts("a.jpg"));
    }

    @Test
    void leadingDoubleStarAlsoMatchesAtTheTop() {
        PathFilter thumbs = new PathFilter(List.of(), List.of("**/thumbs/*"));
        assertFalse(thumbs.accepts("thumbs/a.jpg"));
        assertFalse(thumbs.accepts("x/thumbs/a.jpg"));
        assertTrue(thumbs.accepts("x/thumbs2/a.jpg"));
    }

    @Test
    void excludeWinsOverInclude() {
        PathFilter filter = new PathFilter(List.of("*.jpg", "*.png"), List.of("raw/**", "*-small.*"));
        assertTrue(filter.accepts("a/b.png"));
        assertFalse(filter.accepts("raw/b.png"));
        assertFalse(filter.accepts("a/b-small.jpg"));
        assertFalse(filter.accepts("a/b.gif"));
    }

    @Test
    void refusesInvalidGlobNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PathFilter(List.of("[a-"), List.of()));
        assertTrue(e.getMessage().contains("'[a-'"), e.getMessage());
    }
}
