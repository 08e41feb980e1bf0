#include <linux/uprobes.h>
/* 6.12+: consumer handlers take a __u64 *data session cookie */
static int h(struct uprobe_consumer *uc, struct pt_regs *regs, __u64 *data) { return 0; }
void jst_ac(struct uprobe_consumer *uc);
void jst_ac(struct uprobe_consumer *uc) { uc->handler = h; }
