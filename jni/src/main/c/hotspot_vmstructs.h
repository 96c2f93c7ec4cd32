/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Field offsets and type sizes from the tables HotSpot exports for its Serviceability Agent
 * (gHotSpotVMStructs, gHotSpotVMTypes): present in JDK 8 through 25, read by name, never assumed.
 */
#ifndef OFFCPU_HOTSPOT_VMSTRUCTS_H
#define OFFCPU_HOTSPOT_VMSTRUCTS_H

/* Offset of type_name::field_name, or -1 when this JVM does not describe it. */
long vmstructs_field_offset(const char *type_name, const char *field_name);

/* sizeof(type_name) as the JVM describes it, or -1. */
long vmstructs_type_size(const char *type_name);

/* Address of the static field type_name::field_name, or NULL when absent or not static. */
void *vmstructs_static_address(const char *type_name, const char *field_name);

/* The C++ type of type_name::field_name as the JVM spells it ("size_t", "u2", ...), or NULL. */
const char *vmstructs_field_type(const char *type_name, const char *field_name);

/* An integer constant the JVM exports (gHotSpotVMIntConstants), or -1 when absent. */
long vmstructs_int_constant(const char *name);

#endif
