package org.jstap.backend.interp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How stap's {@code -c CMD} is started: a command of plain words (quotes allowed) is executed directly, so one
 * that cannot be run says {@code NAME: No such file or directory} and exits 1; anything with shell syntax or
 * expansions goes through {@code /bin/sh -c}. (Measured with staprun 4.8 in the test VM.)
 */
final class CommandWords {
    private static final String SHELL_CHARS = "\n|&;<>(){}$`*?[~";

    private CommandWords() {}

    /** The words of {@code cmd}, or null when it needs a shell. */
    static List<String> split(String cmd) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else w.append(c);
            } else if (quote == '"') {
                if (c == '"') quote = 0;
                else if (c == '\\' && i + 1 < cmd.length() && "\"\\".indexOf(cmd.charAt(i + 1)) >= 0) w.append(cmd.charAt(++i));
                else if (SHELL_CHARS.indexOf(c) >= 0 && c != '\n' && "$`".indexOf(c) >= 0) return null;
                else w.append(c);
            } else if (c == ' ' || c == '\t') {
                if (w != null) words.add(w.toString());
                w = null;
            } else if (SHELL_CHARS.indexOf(c) >= 0) {
                return null;
            } else {
                if (w == null) w = new StringBuilder();
                if (c == '\'' || c == '"') quote = c;
                else if (c == '\\' && i + 1 < cmd.length()) w.append(cmd.charAt(++i));
                else w.append(c);
            }
        }
        if (quote != 0) return null;
        if (w != null) words.add(w.toString());
        return words.isEmpty() ? null : words;
    }

    /** Why {@code name} cannot be executed (as {@code execvp} would fail), or null if it can. */
    static String cannotRun(String name) {
        if (name.contains("/")) return why(Path.of(name));
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return null;
        }
        return "No such file or directory";
    }

    private static String why(Path p) {
        if (!Files.exists(p)) return "No such file or directory";
        if (Files.isDirectory(p) || !Files.isExecutable(p)) return "Permission denied";
        return null;
    }
}
