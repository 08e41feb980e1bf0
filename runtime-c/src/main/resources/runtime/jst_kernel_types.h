/* jst_kernel_types.h - the kernel's own type definitions for embedded C (%{ %} blocks, embedded functions and
 * expressions of the script and the tapsets).
 *
 * Embedded C may follow any pointer a probe can reach (current->signal, ->mm, ->files, a struct sock, a
 * struct bio ...), as it can under stap, whose generated module sees the definitions of the kernel's core
 * structures. The runtime itself includes only what it uses, so an embedded block reading
 * current->signal->nr_threads failed with "invalid use of undefined type 'struct signal_struct'". This header
 * brings in the headers that define the structures reachable from the task, memory, file system, block, network,
 * interrupt and namespace objects; each is guarded by __has_include, so a kernel that moved or dropped a header
 * (linux/genhd.h went in 5.18) builds all the same. Generated modules include it only when they hold embedded C,
 * so scripts without it do not pay the extra compile time. */
#ifndef JST_KERNEL_TYPES_H
#define JST_KERNEL_TYPES_H
#ifdef __KERNEL__

/* one line per header: the guard keeps the list valid across kernel versions */
#if __has_include(<linux/sched/signal.h>)
#include <linux/sched/signal.h>
#endif
#if __has_include(<linux/sched/mm.h>)
#include <linux/sched/mm.h>
#endif
#if __has_include(<linux/sched/task.h>)
#include <linux/sched/task.h>
#endif
#if __has_include(<linux/sched/cputime.h>)
#include <linux/sched/cputime.h>
#endif
#if __has_include(<linux/sched/clock.h>)
#include <linux/sched/clock.h>
#endif
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/nsproxy.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <linux/ipc.h>
#include <linux/signal.h>
#include <linux/ptrace.h>
#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/tty.h>
#include <linux/time.h>
#include <linux/random.h>
#include <linux/kallsyms.h>
#include <linux/elf.h>

/* memory */
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/mman.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>

/* files */
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/dcache.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/uio.h>
#include <linux/kdev_t.h>

/* block */
#include <linux/blkdev.h>
#include <linux/bio.h>
#if __has_include(<linux/blk-mq.h>)
#include <linux/blk-mq.h>
#endif
#if __has_include(<linux/genhd.h>)
#include <linux/genhd.h>
#endif

/* interrupts, work */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel_stat.h>
#include <linux/workqueue.h>

/* network */
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/skbuff.h>
#include <linux/netdevice.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <net/udp.h>

#endif /* __KERNEL__ */
#endif
