package org.jstap.api.spi;

import java.util.Optional;
import org.jstap.api.KernelInfo;

/**
 * SPI: finds the kernel a run is for. {@code releaseOrDir} is {@code -r}'s argument (a release such as
 * {@code 6.1.0-27-cloud-amd64} or a kernel build directory), or null for the default: the running kernel when
 * its build dir exists, else the newest installed one.
 */
public interface KernelLocator {
    Optional<KernelInfo> locate(String releaseOrDir);
}
