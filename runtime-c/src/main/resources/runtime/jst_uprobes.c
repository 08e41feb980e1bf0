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

/*
 * @entry() of a uretprobe: a uprobe has no per-call data (a kretprobe has), so the entry hit saves its values in
 * one of JST_UENTRY_SLOTS slots keyed by (thread, stack pointer at entry), and the return hit takes the slot whose
 * key is (thread, its stack pointer - 8): the entry's stack pointer points at the return address, which the return
 * popped. Nested and recursive calls each pair with their own entry. A return without a saved entry (attached
 * mid-call, or its slot reused) does not run, as a kretprobe never sees such a return; when every slot holds a
 * call in progress, the oldest saved one is reused.
 */
#define JST_UENTRY_SLOTS 128
enum { JST_UENTRY_FREE, JST_UENTRY_SAVED, JST_UENTRY_BUSY };
struct jst_uentry {
	const void *task;
	unsigned long sp;
	unsigned long seq;
	int state;
};

static size_t jst_uentry_stride(const struct jst_uprobe *ju)
{
	return ALIGN(sizeof(struct jst_uentry) + ju->entry_size, 8);
}

static struct jst_uentry *jst_uentry_at(const struct jst_uprobe *ju, unsigned int i)
{
	return (struct jst_uentry *)((char *)ju->uentries + i * jst_uentry_stride(ju));
}

/* the slot for a call entered at sp (BUSY), or NULL: every slot busy */
static struct jst_uentry *jst_uentry_take(struct jst_uprobe *ju, unsigned long sp)
{
	struct jst_uentry *e, *pick = NULL;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&ju->ulock, flags);
	for (i = 0; i < JST_UENTRY_SLOTS; i++) {
		e = jst_uentry_at(ju, i);
		if (e->state == JST_UENTRY_SAVED && e->task == current && e->sp == sp) {
			pick = e;    /* an entry whose return was never seen (longjmp): the same frame again */
			break;
		}
		if (e->state == JST_UENTRY_FREE && (!pick || pick->state != JST_UENTRY_FREE))
			pick = e;
		else if (e->state == JST_UENTRY_SAVED && (!pick || (pick->state == JST_UENTRY_SAVED && e->seq < pick->seq)))
			pick = e;
	}
	if (pick) {
		pick->task = current;
		pick->sp = sp;
		pick->seq = ++ju->useq;
		pick->state = JST_UENTRY_BUSY;
	}
	spin_unlock_irqrestore(&ju->ulock, flags);
	return pick;
}

/* the saved entry of the call returning with stack pointer sp (BUSY), or NULL */
static struct jst_uentry *jst_uentry_find(struct jst_uprobe *ju, unsigned long sp)
{
	struct jst_uentry *e, *found = NULL;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&ju->ulock, flags);
	for (i = 0; i < JST_UENTRY_SLOTS; i++) {
		e = jst_uentry_at(ju, i);
		if (e->state == JST_UENTRY_SAVED && e->task == current && e->sp == sp - 8) {
			e->state = JST_UENTRY_BUSY;
			found = e;
			break;
		}
	}
	spin_unlock_irqrestore(&ju->ulock, flags);
	return found;
}

static void jst_uentry_put(struct jst_uprobe *ju, struct jst_uentry *e, int state)
{
	unsigned long flags;

	spin_lock_irqsave(&ju->ulock, flags);
	e->state = state;
	spin_unlock_irqrestore(&ju->ulock, flags);
}

static int jst_uprobe_entry_fire(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct jst_uprobe *ju = container_of(uc, struct jst_uprobe, uc);
	struct jst_uentry *e;
	unsigned long flags;
	struct jst_context *c;

	if (ju->pid && current->tgid != ju->pid)
		return 0;
	e = jst_uentry_take(ju, regs->sp);
	if (!e)
		return 0;
	c = jst_probe_enter(ju->probe, JST_STATE_RUNNING, &flags);
	if (!c) {
		jst_uentry_put(ju, e, JST_UENTRY_FREE);
		return 0;
	}
	c->regs = regs;
	c->user_mode = 1;
	c->entry_data = e + 1;
	ju->entry_body(c);
	c->entry_data = NULL;        /* zero between hits (jst_probe_enter) */
	c->user_mode = 0;
	jst_probe_exit(c, flags);
	jst_uentry_put(ju, e, JST_UENTRY_SAVED);
	return 0;
}

static int jst_uretprobe_fire(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct jst_uprobe *ju = container_of(uc, struct jst_uprobe, uc);
	struct jst_uentry *e;
	unsigned long flags;
	struct jst_context *c;

	if (!ju->entry_body)
		return jst_uprobe_fire(uc, regs);
	if (ju->pid && current->tgid != ju->pid)
		return 0;
	e = jst_uentry_find(ju, regs->sp);
	if (!e)
		return 0;
	c = jst_probe_enter(ju->probe, JST_STATE_RUNNING, &flags);
	if (c) {
		c->regs = regs;
		c->user_mode = 1;
		c->entry_data = e + 1;
		ju->probe->body(c);
		c->entry_data = NULL;
		c->user_mode = 0;
		jst_probe_exit(c, flags);
	}
	jst_uentry_put(ju, e, JST_UENTRY_FREE);
	return 0;
}

#ifdef JST_HAVE_UPROBE_HANDLER_DATA
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uprobe_entry_handler(struct uprobe_consumer *uc, struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_entry_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func,
				 struct pt_regs *regs, __u64 *data)
{
	return jst_uretprobe_fire(uc, regs);
}
#else
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uprobe_entry_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	return jst_uprobe_entry_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func, struct pt_regs *regs)
{
	return jst_uretprobe_fire(uc, regs);
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
		kfree(ju->uentries);
		ju->uentries = NULL;
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
			if (ju->is_return && ju->entry_body) {
				spin_lock_init(&ju->ulock);
				ju->uentries = kcalloc(JST_UENTRY_SLOTS, jst_uentry_stride(ju), GFP_KERNEL);
				if (!ju->uentries) {
					iput(ju->inode);
					ju->inode = NULL;
					jst_reg_error(ju->probe, -ENOMEM);
					return -ENOMEM;
				}
				ju->uc.handler = jst_uprobe_entry_handler;
			}
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
