/**
 * BTF and the files it comes in, in pure Java.
 *
 * <ul>
 *   <li>{@link org.jstap.debuginfo.btf.BtfDebugInfo}: the {@link org.jstap.api.debuginfo.DebugInfo} over BTF
 *       ({@code load(bytes, "kernel")}, {@code loadSplit(bytes, kernel, "mod")}); extras: {@code member(struct, name)}
 *       through anonymous members, {@code matchFunctions(glob)}, {@code functionIds/functionSig} for same-named
 *       statics, {@code btf()} for raw records.</li>
 *   <li>{@link org.jstap.debuginfo.btf.Btf}: raw records (header, offset index, strings; split BTF).</li>
 *   <li>{@link org.jstap.debuginfo.btf.ElfFile}, {@link org.jstap.debuginfo.btf.BzImage},
 *       {@link org.jstap.debuginfo.btf.Lz4Legacy}: {@code .BTF}/{@code .modinfo} of vmlinux and modules; vmlinuz
 *       → vmlinux; the kernel's version strings.</li>
 *   <li>{@link org.jstap.debuginfo.btf.Suggest}: bounded edit distance "did you mean";
 *       {@link org.jstap.irtools.Glob} (shared): stap wildcards over sorted names.</li>
 *   <li>{@link org.jstap.debuginfo.btf.VmlinuxHeaderWriter}: C declarations ({@code vmlinux.h}) for BPF CO-RE
 *       programs, all types or a root set's subset; offered as {@code DebugInfo.cHeader(roots)}.</li>
 *   <li>{@link org.jstap.debuginfo.btf.BtfSubsetWriter}, {@link org.jstap.debuginfo.btf.BtfTool}: fixtures.</li>
 * </ul>
 */
package org.jstap.debuginfo.btf;
