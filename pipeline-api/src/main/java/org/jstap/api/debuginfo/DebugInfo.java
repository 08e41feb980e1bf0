package org.jstap.api.debuginfo;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Type and symbol information of one kernel or module (BTF by default, DWARF optionally). Pass 2 resolves
 * function wildcards, parameters, struct members and tracepoint arguments through it. Implementations are
 * immutable once loaded and safe to share between threads.
 */
public interface DebugInfo {
    /** The format, e.g. {@code "btf"}. */
    String format();

    /** What it describes: {@code "kernel"} or a module name. */
    String owner();

    /** A content hash of the underlying data, for cache keys. */
    String hash();

    CType type(int id);

    /** Looks a type up by its C spelling: {@code "struct task_struct"}, {@code "union x"}, {@code "enum y"}, typedef or base names. */
    OptionalInt findType(String cName);

    /** C spelling of a type, as {@code stap -L} prints it: {@code "struct file*"}, {@code "unsigned int"}. */
    String typeName(int id);

    /** Size in bytes, following typedefs and qualifiers. */
    long sizeOf(int id);

    /** Follows typedefs and qualifiers to the underlying type id. */
    int resolve(int id);

    /** Names of functions with a known prototype, sorted. */
    List<String> functionNames();

    Optional<FunctionSig> function(String name);

    /** Tracepoint names ({@code sched_switch}, ...), sorted, from {@code btf_trace_*} typedefs. */
    List<String> tracepointNames();

    /** A tracepoint's arguments without the leading {@code void *__data}. */
    Optional<FunctionSig> tracepoint(String name);

    /**
     * C declarations of these types for BPF programs built with {@code clang -target bpf} (a {@code vmlinux.h}):
     * the kernel's layouts, every struct and union marked {@code preserve_access_index} so field accesses become
     * CO-RE relocations. {@code roots} empty: every type. Otherwise the subset a program needs: each root (a C
     * spelling {@link #findType} takes, e.g. {@code "struct task_struct"}, {@code "pid_t"}, a trailing {@code *}
     * allowed; or an enumerator's name, for its enum) with its complete definition, what that holds by value,
     * and forward declarations of what it only points to; always with the integer typedefs ({@code __u32},
     * {@code __be16}, ...) and the BPF UAPI enums ({@code BPF_MAP_TYPE_HASH}, {@code BPF_ANY}, ...) that libbpf's
     * {@code bpf_helpers.h} and map definitions use. Computed once per BTF content and root set, and cached
     * on disk where the provider has a cache. Empty if this format cannot write C.
     *
     * @throws IllegalArgumentException naming a root that is no type or enumerator here
     */
    default Optional<String> cHeader(Collection<String> roots) {
        return Optional.empty();
    }
}
