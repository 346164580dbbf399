package io.cbn.converter;

/** Terminal outcome of one conversion (docs/design.md, "Outcomes"). */
public enum Outcome { CREATED, REJECTED, FAILED }
