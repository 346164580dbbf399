package io.cbn.converter.image;

/**
 * A decoded image at working size: packed 0xRRGGBB pixels (alpha already composited over white, EXIF orientation
 * applied), plus what was learned from the source. {@code damage} (null when none) says why the decoded picture
 * may not be the whole of the source: decoder warnings, a decoded size other than the header's, or data the
 * decoder papered over (QA flag DAMAGED_SOURCE, docs/design.md "Outcomes").
 */
public record LoadedImage(int[] rgb, int width, int height, int sourceWidth, int sourceHeight, String format,
                          boolean animated, String damage) { }
