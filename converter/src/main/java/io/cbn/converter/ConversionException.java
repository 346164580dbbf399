package io.cbn.converter;

/**
 * A conversion that ends early with a definite reason (REJECTED by policy or FAILED). Thrown inside the engine and
 * turned into a {@link ConversionResult} by {@link Converter}; never escapes {@link Converter#convert}.
 */
public final class ConversionException extends RuntimeException {
    private final Reason reason;

    public ConversionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ConversionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
