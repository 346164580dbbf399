package io.cbn.converter;

/** Terminal outcome of one conversion (DESIGN.md section 4). */
public enum Outcome { CREATED, REJECTED, FAILED }
