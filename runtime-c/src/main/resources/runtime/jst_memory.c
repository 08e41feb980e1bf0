/* jst_memory.c - non-faulting reads. */
#include "jst_memory.h"
#include "jst_context.h"
#include "jst_printf.h"

#ifdef __KERNEL__
JST_FN long jst_copy_kernel(void *dst, unsigned long addr, size_t n)
{
	return copy_from_kernel_nofault(dst, (const void *)addr, n);
}
JST_FN long jst_copy_user(void *dst, unsigned long addr, size_t n)
{
	return copy_from_user_nofault(dst, (const void __user *)addr, n);
}
/* strncpy_from_*_nofault are not exported to modules on every kernel: copy in chunks that
 * never cross a page boundary, so bytes after the terminating NUL cannot fault */
JST_FN long jst_strcopy(char *dst, unsigned long addr, size_t n, int user)
{
	size_t i = 0;

	while (i < n) {
		size_t chunk = PAGE_SIZE - ((addr + i) & (PAGE_SIZE - 1));
		long rc;
		char *z;

		if (chunk > n - i)
			chunk = n - i;
		if (chunk > 64)
			chunk = 64;
		if (user)
			rc = copy_from_user_nofault(dst + i, (const void __user *)(addr + i), chunk);
		else
			rc = copy_from_kernel_nofault(dst + i, (const void *)(addr + i), chunk);
		if (rc)
			return -EFAULT;
		z = memchr(dst + i, 0, chunk);
		if (z)
			return (long)(z - dst) + 1;
		i += chunk;
	}
	return (long)n;
}
JST_FN long jst_strcopy_kernel(char *dst, unsigned long addr, size_t n)
{
	return jst_strcopy(dst, addr, n, 0);
}
JST_FN long jst_strcopy_user(char *dst, unsigned long addr, size_t n)
{
	return jst_strcopy(dst, addr, n, 1);
}
/* Writes (guru mode's set_kernel_* / set_user_*). copy_to_kernel_nofault is not exported to modules, so write
 * byte by byte with the kernel's own fault-handling store; an address in the user half is refused first (a kernel
 * store there would be an SMAP oops, not a recoverable fault), as copy_from_kernel_nofault refuses it for reads. */
JST_FN long jst_put_kernel(unsigned long addr, const void *src, size_t n)
{
	size_t i;

	if (addr < TASK_SIZE_MAX + PAGE_SIZE || addr + n < addr)
		return -EFAULT;
	pagefault_disable();
	for (i = 0; i < n; i++)
		__put_kernel_nofault((u8 *)(addr + i), (const u8 *)src + i, u8, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}
JST_FN long jst_put_user(unsigned long addr, const void *src, size_t n)
{
	return copy_to_user_nofault((void __user *)addr, src, n) ? -EFAULT : 0;
}
#else
/* user space tests: the first page stands for unmapped memory, and so does
 * [jst_user_bad_lo, jst_user_bad_hi) when a test sets it (a struct whose tail is unreadable) */
static unsigned long jst_user_bad_lo, jst_user_bad_hi;
JST_FN int jst_user_unreadable(unsigned long addr, size_t n)
{
	return addr < 4096 || (addr < jst_user_bad_hi && addr + n > jst_user_bad_lo);
}
JST_FN long jst_copy_kernel(void *dst, unsigned long addr, size_t n)
{
	if (jst_user_unreadable(addr, n))
		return -EFAULT;
	memcpy(dst, (const void *)addr, n);
	return 0;
}
#define jst_copy_user jst_copy_kernel
JST_FN long jst_strcopy_kernel(char *dst, unsigned long addr, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (jst_user_unreadable(addr + i, 1))
			return -EFAULT;
		dst[i] = ((const char *)addr)[i];
		if (!dst[i])
			return (long)i + 1;
	}
	return (long)n;
}
#define jst_strcopy_user jst_strcopy_kernel
JST_FN long jst_put_kernel(unsigned long addr, const void *src, size_t n)
{
	if (jst_user_unreadable(addr, n))
		return -EFAULT;
	memcpy((void *)addr, src, n);
	return 0;
}
#define jst_put_user jst_put_kernel
#endif

JST_FN int jst_kread(struct jst_context *c, void *dst, unsigned long addr, size_t n)
{
	if (jst_copy_kernel(dst, addr, n)) {
		memset(dst, 0, n);
		jst_error(c, "kernel read fault at 0x%016lx", addr);
		return -EFAULT;
	}
	return 0;
}

JST_FN int jst_uread(struct jst_context *c, void *dst, unsigned long addr, size_t n)
{
	if (jst_copy_user(dst, addr, n)) {
		memset(dst, 0, n);
		jst_error(c, "user read fault at 0x%016lx", addr);
		return -EFAULT;
	}
	return 0;
}

JST_FN int64_t jst_extend(const unsigned char *b, int size, int is_signed)
{
	switch (size) {
	case 1: { uint8_t v; memcpy(&v, b, 1); return is_signed ? (int64_t)(int8_t)v : (int64_t)v; }
	case 2: { uint16_t v; memcpy(&v, b, 2); return is_signed ? (int64_t)(int16_t)v : (int64_t)v; }
	case 4: { uint32_t v; memcpy(&v, b, 4); return is_signed ? (int64_t)(int32_t)v : (int64_t)v; }
	default: { uint64_t v; memcpy(&v, b, 8); return (int64_t)v; }
	}
}

JST_FN int jst_read_quiet(void *dst, unsigned long addr, size_t n, int user)
{
	if (user ? jst_copy_user(dst, addr, n) : jst_copy_kernel(dst, addr, n)) {
		memset(dst, 0, n);
		return -EFAULT;
	}
	return 0;
}

JST_FN int jst_write_quiet(unsigned long addr, const void *src, size_t n, int user)
{
	return user ? jst_put_user(addr, src, n) : jst_put_kernel(addr, src, n);
}

JST_FN int64_t jst_read_mem(struct jst_context *c, unsigned long addr, int size, int is_signed, int user,
			    const char *what)
{
	unsigned char b[8];
	if (size != 1 && size != 2 && size != 4)
		size = 8;
	if (jst_read_quiet(b, addr, (size_t)size, user)) {
		if (c && what)
			jst_error(c, "%s copy fault at 0x%lx [man error::fault]", what, addr);
		else if (c)
			jst_error(c, "read fault [man error::fault] at 0x%lx", addr);
		return 0;
	}
	return jst_extend(b, size, is_signed);
}

JST_FN int64_t jst_kread_int(struct jst_context *c, unsigned long addr, int size, int is_signed)
{
	unsigned char b[8];
	if (size != 1 && size != 2 && size != 4)
		size = 8;
	if (jst_kread(c, b, addr, (size_t)size))
		return 0;
	return jst_extend(b, size, is_signed);
}

JST_FN int64_t jst_uread_int(struct jst_context *c, unsigned long addr, int size, int is_signed)
{
	unsigned char b[8];
	if (size != 1 && size != 2 && size != 4)
		size = 8;
	if (jst_uread(c, b, addr, (size_t)size))
		return 0;
	return jst_extend(b, size, is_signed);
}

JST_FN int jst_kread_string_quiet(char *dst, unsigned long addr, size_t size)
{
	long n = jst_strcopy_kernel(dst, addr, size);
	if (n < 0) {
		dst[0] = '\0';
		return -EFAULT;
	}
	dst[size - 1] = '\0';          /* truncated strings are cut, not unterminated */
	return 0;
}

JST_FN int jst_uread_string_quiet(char *dst, unsigned long addr, size_t size)
{
	long n = jst_strcopy_user(dst, addr, size);
	if (n < 0) {
		dst[0] = '\0';
		return -EFAULT;
	}
	dst[size - 1] = '\0';
	return 0;
}

JST_FN int jst_kread_string(struct jst_context *c, char *dst, unsigned long addr)
{
	if (jst_kread_string_quiet(dst, addr, MAXSTRINGLEN)) {
		jst_error(c, "kernel string copy fault at 0x%lx [man error::fault]", addr);
		return -EFAULT;
	}
	return 0;
}

JST_FN int jst_uread_string(struct jst_context *c, char *dst, unsigned long addr)
{
	if (jst_uread_string_quiet(dst, addr, MAXSTRINGLEN)) {
		jst_error(c, "user string copy fault -14 at 0x%lx [man error::fault]", addr);
		return -EFAULT;
	}
	return 0;
}

JST_FN void jst_pretty_append(struct jst_context *c, char *dst, const char *fmt, ...)
{
	va_list ap;
	size_t len = strlen(dst), room, n;

	if (len >= MAXSTRINGLEN - 1)
		return;
	room = MAXSTRINGLEN - 1 - len;
	va_start(ap, fmt);
	n = jst_vformat(c, dst + len, room, fmt, ap);
	va_end(ap);
	dst[len + (n < room ? n : room)] = '\0';
}
