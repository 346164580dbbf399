package io.cbn.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** picocli exits 2 on invalid input, the same code as "not completed". {@code ./cbn} commands implemented in Java; the ./cbn script runs the others (convert, enqueue, broker, worker, aggregator) directly. */
@Command(name = "cbn", mixinStandardHelpOptions = true, version = "cbn 0.1.0",
    description = "Colour-by-numbers templates for huge photo backlogs, on Kafka.",
    subcommands = {RunCommand.class, SummaryCommand.class})
public final class CbnCommand implements Runnable {
    @Override
    public void run() { new CommandLine(this).usage(System.out); }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CbnCommand()).execute(args));
    }
}
