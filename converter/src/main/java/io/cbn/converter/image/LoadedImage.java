package io.cbn.converter.image;

/**
 * A decoded image at working size: packed 0xRRGGBB pixels (alpha already composited over white, EXIF orientation
 * applied), plus what was learned from the source.
 */
public record LoadedImage(int[] rgb, int width, int height, int sourceWidth, int sourceHeight, String format,
                          boolean animated) { }
