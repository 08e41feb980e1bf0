/* jst_uprobes.c - process("PATH").function/.statement/.mark as uprobes and uretprobes (kernel only; included by
 * jst_probes.c, the body only with JST_NEED_UPROBES). */
/* ---- uprobes ---- */

#if JST_NEED_UPROBES
#include <linux/namei.h>
#include <linux/fs.h>

static int jst_uprobe_fire(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct jst_uprobe *ju = container_of(uc, struct jst_uprobe, uc);
	unsigned long flags;
	struct jst_context *c;

	/* the uprobe is on an inode, so it fires in every process mapping the file: process(PID) keeps one */
	if (ju->pid && current->tgid != ju->pid)
		return 0;
	c = jst_probe_enter(ju->probe, JST_STATE_RUNNING, &flags);
	if (!c)
		return 0;
	c->regs = regs;
	c->user_mode = 1;
	ju->probe->body(c);
	c->user_mode = 0;            /* zero between hits (jst_probe_enter) */
	jst_probe_exit(c, flags);
	return 0;
}

#ifdef JST_HAVE_UPROBE_HANDLER_DATA
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func,
				 struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_fire(uc, regs);
}
#else
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func, struct pt_regs *regs)
{
	return jst_uprobe_fire(uc, regs);
}
#endif

static void jst_uprobes_unregister(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		if (ju->registered) {
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
			uprobe_unregister_nosync(ju->handle, &ju->uc);
#else
			uprobe_unregister(ju->inode, ju->offset, &ju->uc);
#endif
		}
		ju->registered = 0;
	}
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
	uprobe_unregister_sync();
#endif
	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		if (ju->inode)
			iput(ju->inode);
		ju->inode = NULL;
	}
}

static int jst_uprobes_register(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		struct path p;

		rc = kern_path(ju->path, LOOKUP_FOLLOW, &p);
		if (!rc) {
			ju->inode = igrab(d_inode(p.dentry));
			path_put(&p);
			memset(&ju->uc, 0, sizeof(ju->uc));
			if (ju->is_return)
				ju->uc.ret_handler = jst_uretprobe_handler;
			else
				ju->uc.handler = jst_uprobe_handler;
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
			ju->handle = uprobe_register(ju->inode, ju->offset, ju->ref_ctr_offset, &ju->uc);
			rc = IS_ERR(ju->handle) ? (int)PTR_ERR(ju->handle) : 0;
#else
			/* with a semaphore, the kernel increments it in each process mapping the file, now and later */
			rc = ju->ref_ctr_offset ? uprobe_register_refctr(ju->inode, ju->offset, ju->ref_ctr_offset, &ju->uc)
						: uprobe_register(ju->inode, ju->offset, &ju->uc);
#endif
		}
		if (rc) {
			if (ju->inode)
				iput(ju->inode);
			ju->inode = NULL;
			if (ju->optional)
				continue;
			jst_reg_error(ju->probe, rc);
			return rc;
		}
		ju->registered = 1;
	}
	return 0;
}
#else
static int jst_uprobes_register(void) { return 0; }
static void jst_uprobes_unregister(void) { }
#endif
