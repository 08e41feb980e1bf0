package org.jstap.backend.interp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jstap.api.SessionOptions;

/**
 * Not a test: runs script files through passes 1, 2 and the interpreter and prints stdout, stderr and the exit
 * status of each (for writing {@code .expected} files by hand and checking them). {@code -DNAME=V} arguments
 * before the files are defines; a {@code #! jstap ... -DNAME=V} header's defines are honoured too.
 */
public final class RunScripts {
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path p = Path.of(a);
            String text = Files.readString(p);
            Map<String, String> d = new java.util.LinkedHashMap<>();
            String first = text.lines().findFirst().orElse("");
            for (String w : first.split("\\s+")) {
                if (w.startsWith("-D") && w.length() > 2) {
                    String x = w.substring(2);
                    int eq = x.indexOf('=');
                    d.put(eq < 0 ? x : x.substring(0, eq), eq < 0 ? "" : x.substring(eq + 1));
                }
            }
            SessionOptions opts = SessionOptions.builder().runtime("interp").defines(d).build();
            java.util.concurrent.FutureTask<Run.Out> task = new java.util.concurrent.FutureTask<>(() -> Run.run(text, opts));
            Thread t = new Thread(task);
            t.setDaemon(true);
            t.start();
            Run.Out o;
            try {
                o = task.get(Long.getLong("timeout", 20), java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                System.out.println("=== " + p.getFileName() + " CRASHED " + e.getCause());
                continue;
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("=== " + p.getFileName() + " TIMED OUT");
                continue;
            }
            System.out.println("=== " + p.getFileName() + " status " + o.status());
            System.out.print(o.out());
            System.out.println("--- stderr");
            System.out.print(o.err());
        }
        System.exit(0);
    }
}
