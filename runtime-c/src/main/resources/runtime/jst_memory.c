/* jst_memory.c - non-faulting reads. */
#include "jst_memory.h"
#include "jst_context.h"

#ifdef __KERNEL__
static long jst_copy_kernel(void *dst, unsigned long addr, size_t n)
{
	return copy_from_kernel_nofault(dst, (const void *)addr, n);
}
static long jst_copy_user(void *dst, unsigned long addr, size_t n)
{
	return copy_from_user_nofault(dst, (const void __user *)addr, n);
}
/* strncpy_from_*_nofault are not exported to modules on every kernel: copy in chunks that
 * never cross a page boundary, so bytes after the terminating NUL cannot fault */
static long jst_strcopy(char *dst, unsigned long addr, size_t n, int user)
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
static long jst_strcopy_kernel(char *dst, unsigned long addr, size_t n)
{
	return jst_strcopy(dst, addr, n, 0);
}
static long jst_strcopy_user(char *dst, unsigned long addr, size_t n)
{
	return jst_strcopy(dst, addr, n, 1);
}
#else
/* user space tests: the first page stands for unmapped memory */
static long jst_copy_kernel(void *dst, unsigned long addr, size_t n)
{
	if (addr < 4096)
		return -EFAULT;
	memcpy(dst, (const void *)addr, n);
	return 0;
}
#define jst_copy_user jst_copy_kernel
static long jst_strcopy_kernel(char *dst, unsigned long addr, size_t n)
{
	size_t i;
	if (addr < 4096)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		dst[i] = ((const char *)addr)[i];
		if (!dst[i])
			return (long)i + 1;
	}
	return (long)n;
}
#define jst_strcopy_user jst_strcopy_kernel
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

static int64_t jst_extend(const unsigned char *b, int size, int is_signed)
{
	switch (size) {
	case 1: { uint8_t v; memcpy(&v, b, 1); return is_signed ? (int64_t)(int8_t)v : (int64_t)v; }
	case 2: { uint16_t v; memcpy(&v, b, 2); return is_signed ? (int64_t)(int16_t)v : (int64_t)v; }
	case 4: { uint32_t v; memcpy(&v, b, 4); return is_signed ? (int64_t)(int32_t)v : (int64_t)v; }
	default: { uint64_t v; memcpy(&v, b, 8); return (int64_t)v; }
	}
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
		jst_error(c, "kernel string copy fault at 0x%016lx", addr);
		return -EFAULT;
	}
	return 0;
}

JST_FN int jst_uread_string(struct jst_context *c, char *dst, unsigned long addr)
{
	if (jst_uread_string_quiet(dst, addr, MAXSTRINGLEN)) {
		jst_error(c, "user string copy fault at 0x%016lx", addr);
		return -EFAULT;
	}
	return 0;
}
