#include <linux/uprobes.h>
#include <linux/err.h>
/* 6.12+: uprobe_register returns struct uprobe * and takes ref_ctr_offset */
struct uprobe *jst_ac(struct inode *i, struct uprobe_consumer *uc);
struct uprobe *jst_ac(struct inode *i, struct uprobe_consumer *uc) { return uprobe_register(i, 0, 0, uc); }
