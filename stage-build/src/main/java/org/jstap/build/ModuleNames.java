package org.jstap.build;

import java.util.regex.Pattern;

/** Kernel module names: {@code -m NAME} as given, or {@code jstap_<hash>_<pid>} like stap's {@code stap_<hash>_<pid>}. */
final class ModuleNames {
    /** The kernel's MODULE_NAME_LEN is 56 including the NUL. */
    static final int MAX_LENGTH = 55;
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ModuleNames() {}

    static String defaultName(String hash, long pid) {
        String h = hash == null ? "0" : hash.replaceAll("[^0-9a-fA-F]", "");
        if (h.length() > 16) h = h.substring(0, 16);
        return "jstap_" + (h.isEmpty() ? "0" : h) + "_" + pid;
    }

    /** Null if fine, else why not. */
    static String problem(String name) {
        if (!VALID.matcher(name).matches()) {
            return "module name '" + name + "' may only contain letters, digits and '_' and must not start with a digit";
        }
        if (name.length() > MAX_LENGTH) return "module name '" + name + "' is longer than " + MAX_LENGTH + " characters";
        return null;
    }
}
