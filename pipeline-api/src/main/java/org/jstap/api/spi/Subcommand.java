package org.jstap.api.spi;

import java.io.PrintStream;
import java.util.List;

/** SPI: a {@code jstap NAME ...} command beside script runs, e.g. {@code jstap vm start|status|stop}. */
public interface Subcommand {
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Returns the process exit status. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
