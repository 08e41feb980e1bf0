// SPDX-License-Identifier: GPL-2.0
/* The .return floor for bench/icount.sh: a bare kretprobe on ksys_read (its entry kprobe plus the return
 * trampoline) whose return handler is one atomic increment. */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static atomic64_t hits = ATOMIC64_INIT(0);

static int floor_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atomic64_inc(&hits);
	return 0;
}

static struct kretprobe krp = { .kp.symbol_name = "ksys_read", .handler = floor_ret, .maxactive = 20 };

static int __init floor_init(void) { return register_kretprobe(&krp); }

static void __exit floor_exit(void)
{
	unregister_kretprobe(&krp);
	pr_info("floor_krp hits: %lld missed: %d\n", (long long)atomic64_read(&hits), krp.nmissed);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
