// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include "hotspot_vmstructs.h"

static long exported_long(const char *name)
{
	long *value = dlsym(RTLD_DEFAULT, name);

	return value ? *value : -1;
}

long vmstructs_field_offset(const char *type_name, const char *field_name)
{
	char **entries = dlsym(RTLD_DEFAULT, "gHotSpotVMStructs");
	long type_at = exported_long("gHotSpotVMStructEntryTypeNameOffset");
	long field_at = exported_long("gHotSpotVMStructEntryFieldNameOffset");
	long offset_at = exported_long("gHotSpotVMStructEntryOffsetOffset");
	long stride = exported_long("gHotSpotVMStructEntryArrayStride");

	if (!entries || !*entries || type_at < 0 || field_at < 0 || offset_at < 0 || stride <= 0)
		return -1;
	for (char *entry = *entries;; entry += stride) {
		const char *type = *(const char **)(entry + type_at);
		const char *field = *(const char **)(entry + field_at);

		if (!type)
			return -1;
		if (field && !strcmp(type, type_name) && !strcmp(field, field_name))
			return (long)*(uint64_t *)(entry + offset_at);
	}
}

long vmstructs_type_size(const char *type_name)
{
	char **entries = dlsym(RTLD_DEFAULT, "gHotSpotVMTypes");
	long name_at = exported_long("gHotSpotVMTypeEntryTypeNameOffset");
	long size_at = exported_long("gHotSpotVMTypeEntrySizeOffset");
	long stride = exported_long("gHotSpotVMTypeEntryArrayStride");

	if (!entries || !*entries || name_at < 0 || size_at < 0 || stride <= 0)
		return -1;
	for (char *entry = *entries;; entry += stride) {
		const char *type = *(const char **)(entry + name_at);

		if (!type)
			return -1;
		if (!strcmp(type, type_name))
			return (long)*(uint64_t *)(entry + size_at);
	}
}

/* The struct entry naming type_name::field_name, or NULL. */
static char *find_entry(const char *type_name, const char *field_name)
{
	char **entries = dlsym(RTLD_DEFAULT, "gHotSpotVMStructs");
	long type_at = exported_long("gHotSpotVMStructEntryTypeNameOffset");
	long field_at = exported_long("gHotSpotVMStructEntryFieldNameOffset");
	long stride = exported_long("gHotSpotVMStructEntryArrayStride");

	if (!entries || !*entries || type_at < 0 || field_at < 0 || stride <= 0)
		return NULL;
	for (char *entry = *entries;; entry += stride) {
		const char *type = *(const char **)(entry + type_at);
		const char *field = *(const char **)(entry + field_at);

		if (!type)
			return NULL;
		if (field && !strcmp(type, type_name) && !strcmp(field, field_name))
			return entry;
	}
}

void *vmstructs_static_address(const char *type_name, const char *field_name)
{
	char *entry = find_entry(type_name, field_name);
	long static_at = exported_long("gHotSpotVMStructEntryIsStaticOffset");
	long address_at = exported_long("gHotSpotVMStructEntryAddressOffset");

	if (!entry || static_at < 0 || address_at < 0 || !*(int32_t *)(entry + static_at))
		return NULL;
	return *(void **)(entry + address_at);
}

const char *vmstructs_field_type(const char *type_name, const char *field_name)
{
	char *entry = find_entry(type_name, field_name);
	long string_at = exported_long("gHotSpotVMStructEntryTypeStringOffset");

	if (!entry || string_at < 0)
		return NULL;
	return *(const char **)(entry + string_at);
}

long vmstructs_int_constant(const char *name)
{
	char **entries = dlsym(RTLD_DEFAULT, "gHotSpotVMIntConstants");
	long name_at = exported_long("gHotSpotVMIntConstantEntryNameOffset");
	long value_at = exported_long("gHotSpotVMIntConstantEntryValueOffset");
	long stride = exported_long("gHotSpotVMIntConstantEntryArrayStride");

	if (!entries || !*entries || name_at < 0 || value_at < 0 || stride <= 0)
		return -1;
	for (char *entry = *entries;; entry += stride) {
		const char *constant = *(const char **)(entry + name_at);

		if (!constant)
			return -1;
		if (!strcmp(constant, name))
			return *(int32_t *)(entry + value_at);
	}
}
