#include <linux/timer.h>
int jst_ac(struct timer_list *t);
int jst_ac(struct timer_list *t) { return timer_delete_sync(t); }
