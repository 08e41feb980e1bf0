package org.jstap.elaborate.sem;

import java.util.Map;

/**
 * SystemTap tapset functions that walk another program's data structures through that program's DWARF (the
 * Python interpreters' frames and objects, the JVM's stacks). jstap reads BTF and ELF symbols, not DWARF, so a
 * call is a pass-2 error that says so ({@code sem.needs.dwarf}) instead of "unresolved function".
 */
final class DwarfOnlyFunctions {
    private DwarfOnlyFunctions() {}

    private static final String PY2 = "the Python 2 interpreter's DWARF debuginfo (libpython2 frame and object layouts)";
    private static final String PY3 = "the Python 3 interpreter's DWARF debuginfo (libpython3 frame and object layouts)";
    private static final String PY = "the Python interpreter's DWARF debuginfo (its frame layout)";
    private static final String JAVA = "the JVM's DWARF debuginfo and stap's Byteman/HotSpot helper (libjvm frame walking)";

    /** name -> what stap needs for it */
    static final Map<String, String> NEEDS = Map.ofEntries(
            Map.entry("print_java_backtrace", JAVA),
            Map.entry("sprint_java_backtrace", JAVA),
            Map.entry("python_print_backtrace", PY),
            Map.entry("python_sprint_backtrace", PY),
            Map.entry("python2_get_locals", PY2),
            Map.entry("python2_get_var_obj", PY2),
            Map.entry("Py2Object_GetAttr", PY2),
            Map.entry("Py2Object_Repr", PY2),
            Map.entry("python3_get_locals", PY3),
            Map.entry("python3_get_var_obj", PY3),
            Map.entry("python3_initialize", PY3),
            Map.entry("Py3Object_GetAttr", PY3),
            Map.entry("Py3Object_Repr", PY3));

    /** stap declares these as returning a string (the rest a long, print_java_backtrace nothing). */
    static boolean returnsString(String name) {
        return name.equals("sprint_java_backtrace") || name.equals("python_sprint_backtrace") || name.endsWith("_get_locals")
                || name.endsWith("Object_Repr");
    }

    /** The message for a call to {@code name}, or null when it is not one of them. */
    static String message(String name) {
        String what = NEEDS.get(name);
        return what == null ? null : "function '" + name + "' is not available in jstap: SystemTap implements it over "
                + what + ", and jstap reads BTF and ELF symbol tables, not DWARF";
    }
}
