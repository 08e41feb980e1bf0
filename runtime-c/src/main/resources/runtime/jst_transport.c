/* jst_transport.c - per-CPU lock-free output rings, merged by sequence number on read. */
#include "jst_transport.h"
#include <linux/wait.h>
#include <linux/timer.h>
#include <linux/jiffies.h>

struct jst_rec_hdr {             /* in the ring */
	u32 len;
	u16 stream;
	u16 pad;
	u64 seq;
};

struct jst_ring {
	char *buf;
	size_t size;                 /* power of two */
	u64 head;                    /* producer position (free running) */
	u64 tail;                    /* consumer position */
	atomic_t writing;            /* producer guard (irq-off caller, but be safe) */
	atomic_t lost;               /* records dropped (stap's "transport failures") */
	atomic64_t lost_lines;       /* newlines in them: whole lines the reader never sees */
	atomic64_t lost_bytes;
};

static struct jst_ring *jst_rings;   /* [nr_cpu_ids] */
static atomic64_t jst_seq;
static DECLARE_WAIT_QUEUE_HEAD(jst_read_wq);
static struct timer_list jst_wake_timer;
static atomic_t jst_wake_stop;
static size_t jst_ring_size;

static void jst_ring_put(struct jst_ring *r, u64 pos, const void *src, size_t n)
{
	size_t off = (size_t)(pos & (r->size - 1)), first = min(n, r->size - off);
	memcpy(r->buf + off, src, first);
	if (n > first)
		memcpy(r->buf, (const char *)src + first, n - first);
}

static void jst_ring_get(const struct jst_ring *r, u64 pos, void *dst, size_t n)
{
	size_t off = (size_t)(pos & (r->size - 1)), first = min(n, r->size - off);
	memcpy(dst, r->buf + off, first);
	if (n > first)
		memcpy((char *)dst + first, r->buf, n - first);
}

static int jst_transport_put(int stream, const char *data, size_t len, int count_loss);

/* a dropped record: counted, with its lines and bytes, so the loader can say exactly what was lost */
static void jst_count_loss(struct jst_ring *r, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	long lines = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	atomic_inc(&r->lost);
	atomic64_add(lines, &r->lost_lines);
	atomic64_add((s64)len, &r->lost_bytes);
}

JST_FN int jst_transport_write(int stream, const char *data, size_t len)
{
	return jst_transport_put(stream, data, len, 1);
}

JST_FN int jst_transport_try_write(int stream, const char *data, size_t len)
{
	return jst_transport_put(stream, data, len, 0);
}

static int jst_transport_put(int stream, const char *data, size_t len, int count_loss)
{
	struct jst_ring *r;
	struct jst_rec_hdr h;
	unsigned long flags;
	size_t need;
	u64 head, tail;
	int rc = 0;

	if (!jst_rings || !len)
		return 0;
	local_irq_save(flags);
	r = &jst_rings[raw_smp_processor_id()];
	if (atomic_cmpxchg(&r->writing, 0, 1) != 0) {
		jst_count_loss(r, data, len);    /* nested writer on this CPU (NMI): drop */
		local_irq_restore(flags);
		return -EBUSY;
	}
	need = ALIGN(sizeof(h) + len, 8);
	head = r->head;
	tail = smp_load_acquire(&r->tail);
	if (need > r->size - (size_t)(head - tail)) {
		if (count_loss)
			jst_count_loss(r, data, len);
		rc = -ENOSPC;
		goto out;
	}
	h.len = (u32)len;
	h.stream = (u16)stream;
	h.pad = 0;
	h.seq = (u64)atomic64_inc_return(&jst_seq);
	jst_ring_put(r, head, &h, sizeof(h));
	jst_ring_put(r, head + sizeof(h), data, len);
	smp_store_release(&r->head, head + need);   /* publish after the bytes */
out:
	atomic_set(&r->writing, 0);
	local_irq_restore(flags);
	return rc;
}

JST_FN int jst_transport_pending(void)
{
	int cpu;

	if (!jst_rings)
		return 0;
	for_each_possible_cpu(cpu)
		if (smp_load_acquire(&jst_rings[cpu].head) != READ_ONCE(jst_rings[cpu].tail))
			return 1;
	return 0;
}

/* the sum over every CPU's ring of one of its loss counters, read with READ (atomic_read, atomic64_read) */
#define JST_RINGS_SUM(READ, FIELD) ({					\
	long n_ = 0;							\
	int cpu_;							\
	if (jst_rings)							\
		for_each_possible_cpu(cpu_)				\
			n_ += (long)READ(&jst_rings[cpu_].FIELD);	\
	n_;								\
})

/* failed writes so far */
JST_FN long jst_transport_lost(void) { return JST_RINGS_SUM(atomic_read, lost); }

/* lines (newlines) and bytes of output dropped so far */
JST_FN long jst_transport_lost_lines(void) { return JST_RINGS_SUM(atomic64_read, lost_lines); }
JST_FN long jst_transport_lost_bytes(void) { return JST_RINGS_SUM(atomic64_read, lost_bytes); }

JST_FN size_t jst_transport_bufsize(void) { return jst_ring_size; }

/* Copy whole records, oldest sequence number first, to user space as {u32 len, u32
 * stream} + payload padded to 8. Serialized by the caller (jst_control's read mutex). */
static ssize_t jst_transport_read(char __user *ubuf, size_t count)
{
	size_t done = 0;

	while (jst_rings) {
		struct jst_rec_hdr h, best_h = { 0 };
		struct jst_ring *best = NULL;
		u64 best_tail = 0;
		size_t need, out;
		int cpu;
		u32 uh[2];

		for_each_possible_cpu(cpu) {
			struct jst_ring *r = &jst_rings[cpu];
			u64 tail = r->tail, head = smp_load_acquire(&r->head);
			if (head == tail)
				continue;
			jst_ring_get(r, tail, &h, sizeof(h));
			if (!best || h.seq < best_h.seq) {
				best = r;
				best_h = h;
				best_tail = tail;
			}
		}
		if (!best)
			break;
		need = ALIGN(sizeof(best_h) + best_h.len, 8);
		out = ALIGN(sizeof(uh) + best_h.len, 8);
		if (out > count - done) {
			if (!done)
				return -EMSGSIZE;     /* the reader's buffer is smaller than one record */
			break;
		}
		uh[0] = best_h.len;
		uh[1] = best_h.stream;
		if (copy_to_user(ubuf + done, uh, sizeof(uh)))
			return -EFAULT;
		{
			/* payload may wrap around the ring end */
			size_t off = (size_t)((best_tail + sizeof(best_h)) & (best->size - 1));
			size_t first = min((size_t)best_h.len, best->size - off);
			if (copy_to_user(ubuf + done + sizeof(uh), best->buf + off, first))
				return -EFAULT;
			if (best_h.len > first &&
			    copy_to_user(ubuf + done + sizeof(uh) + first, best->buf, best_h.len - first))
				return -EFAULT;
			if (out > sizeof(uh) + best_h.len) {
				static const char zeros[8];
				if (copy_to_user(ubuf + done + sizeof(uh) + best_h.len, zeros,
						 out - sizeof(uh) - best_h.len))
					return -EFAULT;
			}
		}
		smp_store_release(&best->tail, best_tail + need);
		done += out;
	}
	return (ssize_t)done;
}

static void jst_wake_fn(struct timer_list *t)
{
	if (jst_transport_pending() || atomic_read(&jst_session.exit_requested))
		wake_up_interruptible(&jst_read_wq);
	if (!atomic_read(&jst_wake_stop))
		mod_timer(&jst_wake_timer, jiffies + msecs_to_jiffies(JST_WAKE_MS));
}

JST_FN int jst_transport_init(void)
{
	int cpu;
	size_t size = 4096;

	while (size < (size_t)JST_TRANSPORT_BUFSIZE)
		size <<= 1;
	jst_ring_size = size;
	jst_rings = kcalloc(nr_cpu_ids, sizeof(*jst_rings), GFP_KERNEL);
	if (!jst_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		jst_rings[cpu].size = size;
		jst_rings[cpu].buf = vzalloc(size);
		if (!jst_rings[cpu].buf) {
			jst_transport_exit();
			return -ENOMEM;
		}
	}
	atomic_set(&jst_wake_stop, 0);
	timer_setup(&jst_wake_timer, jst_wake_fn, 0);
	mod_timer(&jst_wake_timer, jiffies + msecs_to_jiffies(JST_WAKE_MS));
	return 0;
}

JST_FN void jst_transport_exit(void)
{
	int cpu;

	if (!jst_rings)
		return;
	if (jst_wake_timer.function) {
		atomic_set(&jst_wake_stop, 1);
#ifdef JST_HAVE_TIMER_DELETE_SYNC
		timer_delete_sync(&jst_wake_timer);
#else
		del_timer_sync(&jst_wake_timer);
#endif
		jst_wake_timer.function = NULL;
	}
	for_each_possible_cpu(cpu)
		vfree(jst_rings[cpu].buf);
	kfree(jst_rings);
	jst_rings = NULL;
}
