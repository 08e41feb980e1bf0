package org.jstap.api.ir;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How to compute a target ({@code $var}) value at run time, with no debug info left to consult.
 * Evaluation: start with the 64-bit value of {@link #source()}, apply each {@link Step} in order, then interpret
 * the result as {@link #result()}. All memory reads are non-faulting ({@code copy_from_kernel_nofault} /
 * {@code copy_from_user_nofault} when {@link #userSpace()}); a failed read is a runtime error
 * {@code "kernel read fault at 0xADDR"} at the expression's span. {@code cType} is the C spelling of the final
 * type, for {@code -L} and messages.
 */
public record TargetAccess(Source source, List<Step> steps, Result result, String cType, boolean userSpace) {
    /** x86-64 SysV argument registers, in order, as {@code pt_regs} field names. */
    public static final List<String> ARG_REGISTERS = List.of("di", "si", "dx", "cx", "r8", "r9");

    public TargetAccess {
        steps = List.copyOf(steps);
    }

    /** Where the initial value comes from. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "from")
    public sealed interface Source {
        /** Function argument {@code index} (0-based), read from {@code register} of the probe's {@code pt_regs}. */
        record Arg(int index, String register) implements Source {}

        /**
         * Function argument {@code index} (0-based) passed on the stack: the 8-byte slot at {@code offset} bytes above
         * the probe's {@code pt_regs} stack pointer at function entry (the return address is at offset 0, so the
         * first stack argument is at 8). Integer/pointer arguments after the six argument registers live here, as do
         * arguments after a by-value struct that did not fit in the remaining registers.
         */
        record StackArg(int index, long offset) implements Source {}

        /**
         * The address of argument {@code index} (0-based), a struct passed by value: with a {@code register}, the
         * struct (at most 8 bytes) is that register's slot in the probe's saved {@code pt_regs}; without, it lies on
         * the stack {@code offset} bytes above the entry stack pointer. Member accesses then read from it.
         */
        record ArgAddress(int index, String register, long offset) implements Source {}

        /** The return value of a {@code .return} probe ({@code regs_return_value}). */
        record ReturnValue() implements Source {}

        /** Tracepoint argument {@code index} (0-based, after {@code __data}). */
        record TracepointArg(int index, String name) implements Source {}

        /** A named register of {@code pt_regs} ({@code "ax"}, {@code "sp"}, ...). */
        record Register(String name) implements Source {}

        /** The value of a script expression ({@code @cast(expr, "struct x")}); evaluate it first. */
        record Value(IrExpr value) implements Source {}

        /** {@code $value} of a {@code procfs} probe: the file's text buffer (a string, writable without guru mode). */
        record ProcfsValue() implements Source {}

        /** Inside {@link Result.Pretty}: the address of the struct being printed. */
        record Base() implements Source {}
    }

    /**
     * What CO-RE needs to relocate a step's offset on another kernel (the bpf backend's field accesses; kmod uses the
     * offsets): the C type spelling of the object the step starts from ({@code "struct task_struct"}, a typedef name)
     * and the member path from it, each component a member name or {@code [N]} (a constant index; first, it indexes
     * the object pointer itself, as {@code @cast(p, "T")[2]}). Anonymous members are not in the path (C reaches
     * through them). Null where the type has no name, or comes from user-space or header debug info. {@code kernel}:
     * the type is the kernel's own (vmlinux BTF), not a module's.
     */
    public record Field(String type, List<String> path, boolean kernel) {
        public Field {
            path = List.copyOf(path);
        }

        /** The access as C, from a pointer expression {@code base}: {@code &((struct T *)(base))[0].a.b[2]}. */
        public String cAccess(String base) {
            StringBuilder b = new StringBuilder("((" + type + " *)(" + base + "))");
            int i = 0;
            if (!path.isEmpty() && path.get(0).startsWith("[")) b.append(path.get(i++));
            else b.append("[0]");
            for (; i < path.size(); i++) b.append(path.get(i).startsWith("[") ? "" : ".").append(path.get(i));
            return b.toString();
        }
    }

    /** One step of the access chain. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "step")
    public sealed interface Step {
        /**
         * {@code value = *(intN*)(value + offset)}: a member or pointee of {@code size} bytes (1,2,4,8). {@code field}
         * (nullable): the member the offset came from, for CO-RE.
         */
        record Deref(long offset, int size, boolean signed, Field field) implements Step {
            public Deref(long offset, int size, boolean signed) { this(offset, size, signed, null); }
        }

        /** {@code value = value + offset}: into an embedded struct or array member, without reading. {@code field} as Deref's. */
        record Offset(long offset, Field field) implements Step {
            public Offset(long offset) { this(offset, null); }
        }

        /**
         * {@code value = value + index * elementSize}: array element address ({@code $p[i]}, {@code $a[2]}).
         * {@code elementType} (nullable): the element's C type when it is a kernel struct, union or typedef whose size
         * CO-RE relocates ({@code bpf_core_type_size}).
         */
        record Index(IrExpr index, long elementSize, String elementType) implements Step {
            public Index(IrExpr index, long elementSize) { this(index, elementSize, null); }
        }

        /**
         * {@code value = (value >> bitOffset) & mask(bitSize)}, sign-extended when {@code signed}; the preceding
         * {@link Deref} loaded the storage unit. {@code field} (nullable): the bitfield member, for CO-RE (which then
         * reads it from the value before that Deref).
         */
        record Bitfield(int bitOffset, int bitSize, boolean signed, Field field) implements Step {
            public Bitfield(int bitOffset, int bitSize, boolean signed) { this(bitOffset, bitSize, signed, null); }
        }

        /**
         * {@code value = } the integer member {@code field} (one member name, directly in {@code field.type()}) of
         * the kernel object at value, which pass 2's BTF lacks: its offset, size and signedness are the running
         * kernel's (CO-RE), so only a backend that {@linkplain org.jstap.api.spi.Backend#decidesDefinedAtLoad
         * decides {@code @defined} at load} gets it, in the branch of a load-time {@link Result.Exists} check.
         */
        record CoreMember(Field field) implements Step {}
    }

    /** What the final value is. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "as")
    public sealed interface Result {
        /** A long; already loaded by the last {@link Step.Deref} (or the source itself), {@code bytes} wide. */
        record Int(int bytes, boolean signed) implements Result {}

        /**
         * A string read from the address in value: a {@code char *} (stap's {@code kernel_string}, or
         * {@code user_string} when user space), or a {@code char[N]} member ({@code maxLength} N, else 0 for
         * MAXSTRINGLEN).
         */
        record CString(int maxLength) implements Result {}

        /**
         * {@code $var$}/{@code $var$$} of a struct: the value is the struct's address. The string is
         * {@code format} (a printf format with one conversion per member, e.g. {@code "{.a=%d, .b=%s}"}) filled
         * with each member's access, whose {@link Source.Base} is that address. A member read that faults
         * prints {@code ?} instead of failing the probe.
         */
        record Pretty(Format format, List<TargetAccess> members) implements Result {
            public Pretty { members = List.copyOf(members); }
        }

        /** A struct or array used as a value: its address (stap gives the pointer value). */
        record Address() implements Result {}

        /**
         * {@code @defined} decided when the program loads: 1 when every kernel member the steps name exists in the
         * running kernel, else 0; nothing is read (see {@link Step.CoreMember}).
         */
        record Exists() implements Result {}
    }
}
