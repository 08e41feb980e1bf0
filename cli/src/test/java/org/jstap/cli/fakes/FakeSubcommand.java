package org.jstap.cli.fakes;

import java.io.PrintStream;
import java.util.List;
import org.jstap.api.spi.Subcommand;

public class FakeSubcommand implements Subcommand {
    public String name() { return "vm"; }
    public String summary() { return "manage the fake VM"; }
    public int run(List<String> args, PrintStream out, PrintStream err) {
        out.println("vm " + String.join(" ", args));
        return args.contains("fail") ? 3 : 0;
    }
}
