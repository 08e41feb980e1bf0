package org.jstap.api.spi;

/**
 * A way of executing an elaborated script: {@code kmod} (C kernel module), {@code interp} (in-process Java),
 * later {@code bpf}. A backend's passes 3-5 are the {@link org.jstap.api.Stage}s whose {@code backend()} is
 * its {@link #name()}; {@code --runtime=NAME} selects it.
 */
public interface Backend {
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * Whether this backend executes the program. Pass 2 lets a probe through only for the backends its
     * provider can fire it on ({@link ProbeProvider#backends()}), and embedded C only for {@code kmod}. A backend
     * that does not execute anything (it prints, draws or analyses the elaborated program) returns false and is
     * handed every probe family and embedded C as they are.
     */
    default boolean executesProbes() {
        return true;
    }
}
