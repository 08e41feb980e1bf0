/**
 * The kernel a run is for and where its BTF comes from: {@link org.jstap.elaborate.kernel.LocalKernelLocator}
 * ({@code -r} release or build dir, else running/newest installed), {@link org.jstap.elaborate.kernel.BtfDebugInfoProvider}
 * (vmlinux ELF, {@code /sys/kernel/btf}, cached vmlinuz extraction, module {@code .ko}/{@code .ko.xz}),
 * {@link org.jstap.elaborate.kernel.BtfCache} ({@code $XDG_CACHE_HOME/jstap/btf}), registered by
 * {@link org.jstap.elaborate.kernel.KernelModule}.
 */
package org.jstap.elaborate.kernel;
