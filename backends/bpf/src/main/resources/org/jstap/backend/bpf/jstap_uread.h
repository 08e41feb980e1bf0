/* Kernel memory for the bodies bpf runs in user space (begin, end, error, timer: interp's engine in jstap's JVM,
 * which can read no kernel memory itself). The loader runs jst_uread on demand with BPF_PROG_TEST_RUN: a
 * BPF_PROG_TYPE_SYSCALL program, run in the loader's own context, whose helpers (the tracing set) include
 * bpf_probe_read_kernel(_str) on every kernel with syscall programs (5.14+). The request and the answer's code are
 * the context, copied in and back out by the kernel; the bytes go to jst_ubuf, an array the loader has mmap-ed
 * (helpers may not write into a context): one bpf(2) call per read. jst_ureloc (written by
 * UserReads.java after this header where the user-space bodies name kernel struct members) answers those members'
 * offsets on the running kernel, relocated by libbpf as any CO-RE access. Included by the programs that need it. */
#ifndef JSTAP_UREAD_H
#define JSTAP_UREAD_H

#define JST_UREAD_BYTES 0 /* len bytes at addr */
#define JST_UREAD_STRING 1 /* a NUL-terminated string at addr, at most len bytes with its NUL */
#define JST_UREAD_TASK 2 /* addr := the current task (the loader's, as kmod's begin sees its loader's) */

struct jst_uread_req {
    __u64 addr;
    __u32 len; /* at most JST_UREAD_MAX */
    __u32 kind;
    __s64 rc; /* the helper's answer: bytes copied into jst_ubuf (a string's with its NUL), or < 0 on a fault */
};

struct jst_ubuf_val { __u8 data[JST_UREAD_MAX]; };
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __uint(map_flags, BPF_F_MMAPABLE);
    __type(key, __u32);
    __type(value, struct jst_ubuf_val);
} jst_ubuf SEC(".maps");

SEC("syscall")
int jst_uread(struct jst_uread_req *r) {
    __u32 zero = 0, n = r->len, kind = r->kind;
    void *at = (void *)r->addr;
    struct jst_ubuf_val *b = bpf_map_lookup_elem(&jst_ubuf, &zero);
    if (!b) return 1;
    if (n > JST_UREAD_MAX) n = JST_UREAD_MAX;
    if (kind == JST_UREAD_TASK) {
        r->addr = bpf_get_current_task();
        r->rc = 0;
    } else if (kind == JST_UREAD_STRING) {
        r->rc = n ? bpf_probe_read_kernel_str(b->data, n, at) : 0;
    } else {
        r->rc = bpf_probe_read_kernel(b->data, n, at);
        if (r->rc == 0) r->rc = n;
    }
    return 0;
}

#endif
