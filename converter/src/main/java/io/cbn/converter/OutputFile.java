package io.cbn.converter;

/** One written output: {@code name} relative to the output directory, size and sha256 (hex) as re-read from disk. */
public record OutputFile(String name, long bytes, String sha256) { }
