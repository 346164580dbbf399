package io.cbn.converter;

import java.util.List;

/**
 * The complete, typed result of converting one file. {@code reason} is null exactly when the outcome is CREATED.
 * {@code qaFlags} are warnings on a CREATED template (e.g. ANIMATED_FIRST_FRAME, HIGH_COLOUR_ERROR).
 */
public record ConversionResult(Outcome outcome, Reason reason, String message, List<OutputFile> outputs,
                               Metrics metrics, List<String> qaFlags) {
    public ConversionResult {
        if ((outcome == Outcome.CREATED) != (reason == null))
            throw new IllegalArgumentException("reason must be null exactly when CREATED: " + outcome + "/" + reason);
        if (reason != null && reason.outcome() != outcome)
            throw new IllegalArgumentException(reason + " implies " + reason.outcome() + ", not " + outcome);
        outputs = List.copyOf(outputs);
        qaFlags = List.copyOf(qaFlags);
    }

    public static ConversionResult notCreated(Reason reason, String message, Metrics metrics) {
        return new ConversionResult(reason.outcome(), reason, message, List.of(), metrics, List.of());
    }
}
