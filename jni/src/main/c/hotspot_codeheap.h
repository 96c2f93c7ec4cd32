/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef OFFCPU_HOTSPOT_CODEHEAP_H
#define OFFCPU_HOTSPOT_CODEHEAP_H

#include <linux/types.h>
#include "offcpu.h"

/*
 * Fills out with the code blobs of this JVM's code cache that have a fixed frame size, sorted by
 * start, at most capacity of them. Returns how many, or -1 when this JVM's VMStructs lack an entry
 * needed (not HotSpot, or a layout not known here).
 */
int codeheap_frame_sizes(struct offcpu_jit_range *out, int capacity);

#endif
