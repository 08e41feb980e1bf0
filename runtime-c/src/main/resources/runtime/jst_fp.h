/* jst_fp.h - IEEE-754 binary64 arithmetic on the bit patterns the fp_* tapset functions pass around (jst_fp.c). */
#ifndef JST_FP_H
#define JST_FP_H
#include "jst_shim.h"

JST_FN uint64_t jst_fp_add(uint64_t a, uint64_t b);
JST_FN uint64_t jst_fp_sub(uint64_t a, uint64_t b);
JST_FN uint64_t jst_fp_mul(uint64_t a, uint64_t b);
JST_FN uint64_t jst_fp_div(uint64_t a, uint64_t b);
JST_FN uint64_t jst_fp_rem(uint64_t a, uint64_t b);
JST_FN uint64_t jst_fp_sqrt(uint64_t a);
JST_FN uint64_t jst_fp_from_long(int64_t x);
JST_FN int64_t jst_fp_to_long(uint64_t a, int64_t mode);

#endif
