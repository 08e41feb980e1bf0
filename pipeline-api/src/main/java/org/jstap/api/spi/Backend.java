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
}
