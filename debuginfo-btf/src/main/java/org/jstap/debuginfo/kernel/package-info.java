/**
 * The kernel a run is for and where its BTF comes from: {@link org.jstap.debuginfo.kernel.LocalKernelLocator}
 * ({@code -r} release or build dir, else running/newest installed), {@link org.jstap.debuginfo.kernel.BtfDebugInfoProvider}
 * (vmlinux ELF, {@code /sys/kernel/btf}, cached vmlinuz extraction, module {@code .ko}/{@code .ko.xz}),
 * {@link org.jstap.debuginfo.kernel.BtfCache} ({@code $XDG_CACHE_HOME/jstap/btf}), registered by
 * {@link org.jstap.debuginfo.kernel.KernelModule}.
 */
package org.jstap.debuginfo.kernel;
