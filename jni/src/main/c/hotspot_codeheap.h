/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef OFFCPU_HOTSPOT_CODEHEAP_H
#define OFFCPU_HOTSPOT_CODEHEAP_H

#include <linux/types.h>
#include "offcpu.h"

/*
 * Fills out with this JVM's code heaps and heap block layout. Returns 0, or -1 when this JVM's
 * VMStructs lack an entry needed or say something implausible (not HotSpot, or a layout not known
 * here): the walker then keeps to frame pointers.
 */
int codeheap_describe(struct offcpu_code_cache *out);

#endif
