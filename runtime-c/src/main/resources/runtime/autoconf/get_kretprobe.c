#include <linux/kprobes.h>
struct kretprobe *jst_ac(struct kretprobe_instance *ri);
struct kretprobe *jst_ac(struct kretprobe_instance *ri) { return get_kretprobe(ri); }
