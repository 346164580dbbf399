package io.cbn.schemas.codec;

/** A message that cannot be decoded (or a record that cannot be encoded); {@link #reason()} says why. */
public final class AvroCodecException extends RuntimeException {

    /** Why a message was refused. */
    public enum Reason {
        /** Shorter than the 10-byte single-object header. */
        TOO_SHORT,
        /** First two bytes are not the single-object magic {@code C3 01}. */
        BAD_MAGIC,
        /** The writer schema's fingerprint is none of the released versions. */
        UNKNOWN_FINGERPRINT,
        /** Header fine, body does not decode with the writer schema. */
        CORRUPT_BODY,
        /** A record could not be encoded. */
        ENCODE_FAILED
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public AvroCodecException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AvroCodecException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
