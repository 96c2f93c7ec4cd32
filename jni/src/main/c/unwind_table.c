// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * .eh_frame (LSB Core Specification, "Exception Frames"; DWARF 5 section 6.4) to the walker's unwind rows.
 * Every step mirrors io.offcpu.symbols (EhFrame, PointerEncoding, CfaProgram, UnwindTable) so that both
 * give the same rows for any file; read those for the reasons behind each rule. A malformed record is
 * skipped (counted in problem_count), a broken CFA program makes the rest of its FDE UNDEFINED.
 */
#include "unwind_table.h"

#include "elf_reader.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REG_RBP 6
#define REG_RSP 7
#define REG_RETURN_ADDRESS 16
#define MAX_REMEMBERED 64

/* A little-endian reader over the section; a read past either end sets bad instead of reading. */
struct cursor {
	const uint8_t *buf;
	int64_t size;
	int64_t pos;
	bool bad;
};

static bool take(struct cursor *c, int64_t n)
{
	if (c->bad || c->pos < 0 || n > c->size - c->pos) {
		c->bad = true;
		return false;
	}
	c->pos += n;
	return true;
}

static uint64_t read_le(struct cursor *c, int n)
{
	uint64_t v = 0;

	if (!take(c, n))
		return 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | c->buf[c->pos - n + i];
	return v;
}

static uint8_t u8(struct cursor *c)
{
	return (uint8_t)read_le(c, 1);
}
static uint16_t u16(struct cursor *c)
{
	return (uint16_t)read_le(c, 2);
}
static uint32_t u32(struct cursor *c)
{
	return (uint32_t)read_le(c, 4);
}
static uint64_t u64(struct cursor *c)
{
	return read_le(c, 8);
}

/* The bits of a LEB128 number; *shift ends past its last group, *last is that group's byte. */
static uint64_t leb128_bits(struct cursor *c, int *shift, uint8_t *last)
{
	uint64_t result = 0;
	uint8_t b;

	*shift = 0;
	do {
		b = u8(c);
		if (*shift < 64)
			result |= (uint64_t)(b & 0x7f) << *shift;
		*shift += 7;
	} while ((b & 0x80) && !c->bad);
	*last = b;
	return result;
}

static uint64_t uleb128(struct cursor *c)
{
	int shift;
	uint8_t last;

	return leb128_bits(c, &shift, &last);
}

static int64_t sleb128(struct cursor *c)
{
	int shift;
	uint8_t last;
	uint64_t result = leb128_bits(c, &shift, &last);

	if (shift < 64 && (last & 0x40))
		result |= ~0ULL << shift;
	return (int64_t)result;
}

/* PointerEncoding.read: DW_EH_PE_* format in the low nibble, application in bits 4-6. */
static uint64_t read_pointer(struct cursor *c, int encoding, uint64_t section_address,
			     uint64_t data_base, bool apply_base)
{
	int application = encoding & 0x70;
	uint64_t field_address, value;

	if (encoding == 0xff) {
		c->bad = true;
		return 0;
	}
	if (application == 0x50)
		c->pos = (c->pos + 7) & ~(int64_t)7;
	field_address = section_address + (uint64_t)c->pos;
	switch (encoding & 0x0f) {
	case 0x00: value = u64(c); break;
	case 0x01: value = uleb128(c); break;
	case 0x02: value = u16(c); break;
	case 0x03: value = u32(c); break;
	case 0x04:
	case 0x0c: value = u64(c); break;
	case 0x09: value = (uint64_t)sleb128(c); break;
	case 0x0a: value = (uint64_t)(int64_t)(int16_t)u16(c); break;
	case 0x0b: value = (uint64_t)(int64_t)(int32_t)u32(c); break;
	default: c->bad = true; return 0;
	}
	if (!apply_base)
		return value;
	switch (application) {
	case 0x00:
	case 0x50: return value;
	case 0x10: return value + field_address;
	case 0x30: return value + data_base;
	default: c->bad = true; return 0; /* textrel, funcrel: not produced for x86_64 .eh_frame */
	}
}

struct cie {
	int64_t offset;
	uint64_t code_alignment;
	int64_t data_alignment;
	int32_t return_address_register;
	int fde_encoding;
	bool has_augmentation_data;
	int64_t instructions_start, instructions_end;
};

struct fde {
	uint64_t pc_begin;
	int64_t pc_range;
	int64_t instructions_start, instructions_end;
	uint32_t cie;	/* index into the CIE table */
	uint32_t order; /* position in the section: equal keys keep it, as Java's stable sort does */
};

struct interpreter;

struct builder {
	struct cursor section; /* the whole section; records are parsed at their offsets */
	uint64_t section_address, data_base;
	struct cie *cies;
	size_t cie_count, cie_capacity;
	int64_t *cie_slots; /* open addressing: section offset -> CIE index + 1 (0 empty) */
	size_t slot_mask;
	struct fde *fdes;
	size_t fde_count, fde_capacity;
	struct offcpu_unwind_row *fde_rows; /* one FDE's rows, reused */
	size_t fde_row_count, fde_row_capacity;
	struct offcpu_unwind_row *rows; /* the merged table */
	size_t row_count, row_capacity;
	struct interpreter *in; /* reused for every CFA program */
	size_t problems;
	bool out_of_memory;
};

static bool grow(void **array, size_t *capacity, size_t count, size_t element, bool *out_of_memory)
{
	size_t wanted;
	void *grown;

	if (count < *capacity)
		return true;
	wanted = *capacity ? *capacity * 2 : 256;
	grown = realloc(*array, wanted * element);
	if (!grown) {
		*out_of_memory = true;
		return false;
	}
	*array = grown;
	*capacity = wanted;
	return true;
}

static size_t slot_of(const struct builder *b, int64_t offset)
{
	return ((uint64_t)offset * 0x9e3779b97f4a7c15ULL >> 20) & b->slot_mask;
}

static int64_t find_cie(const struct builder *b, int64_t offset)
{
	for (size_t i = slot_of(b, offset);; i = (i + 1) & b->slot_mask) {
		int64_t index = b->cie_slots[i] - 1;

		if (index < 0)
			return -1;
		if (b->cies[index].offset == offset)
			return index;
	}
}

static int64_t add_cie(struct builder *b, const struct cie *cie)
{
	if ((b->cie_count + 1) * 2 > b->slot_mask + 1) {
		size_t slots = (b->slot_mask + 1) * 2;
		int64_t *grown = calloc(slots, sizeof(*grown));

		if (!grown) {
			b->out_of_memory = true;
			return -1;
		}
		free(b->cie_slots);
		b->cie_slots = grown;
		b->slot_mask = slots - 1;
		for (size_t i = 0; i < b->cie_count; i++) {
			size_t s = slot_of(b, b->cies[i].offset);

			while (b->cie_slots[s])
				s = (s + 1) & b->slot_mask;
			b->cie_slots[s] = (int64_t)i + 1;
		}
	}
	if (!grow((void **)&b->cies, &b->cie_capacity, b->cie_count, sizeof(*b->cies),
		  &b->out_of_memory))
		return -1;
	b->cies[b->cie_count] = *cie;
	{
		size_t s = slot_of(b, cie->offset);

		while (b->cie_slots[s])
			s = (s + 1) & b->slot_mask;
		b->cie_slots[s] = (int64_t)b->cie_count + 1;
	}
	return (int64_t)b->cie_count++;
}

/* EhFrame.parseCie: the cursor is just past the CIE id. False on a CIE we cannot read. */
static bool parse_cie(struct builder *b, struct cursor *c, int64_t record_start, int64_t record_end,
		      struct cie *cie)
{
	char augmentation[32];
	size_t length = 0;
	int version = u8(c);

	if (version != 1 && version != 3 && version != 4)
		return false;
	for (;;) {
		uint8_t ch = u8(c);

		if (c->bad)
			return false;
		if (!ch)
			break;
		if (length + 1 >= sizeof(augmentation))
			return false; /* no real augmentation string is this long */
		augmentation[length++] = (char)ch;
	}
	augmentation[length] = 0;
	if (strstr(augmentation, "eh"))
		u64(c); /* the ancient GCC 2.x "eh" data pointer */
	if (version == 4) {
		u8(c); /* address_size */
		u8(c); /* segment_selector_size */
	}
	memset(cie, 0, sizeof(*cie));
	cie->offset = record_start;
	cie->code_alignment = uleb128(c);
	cie->data_alignment = sleb128(c);
	cie->return_address_register = version == 1 ? u8(c) : (int32_t)(uint32_t)uleb128(c);
	cie->fde_encoding = 0;
	cie->has_augmentation_data = augmentation[0] == 'z';
	if (cie->has_augmentation_data) {
		uint64_t data_length = uleb128(c);
		int64_t data_end = c->pos + (int64_t)data_length;

		for (size_t i = 1; i < length && !c->bad; i++) {
			switch (augmentation[i]) {
			case 'R': cie->fde_encoding = u8(c); break;
			case 'L': u8(c); break;
			case 'P': {
				int personality = u8(c);

				read_pointer(c, personality & 0x7f, b->section_address,
					     b->data_base, false);
				break;
			}
			case 'S': break;
			default:
				i = length;
				break; /* 'z' gave the data length: skip what we do not know */
			}
		}
		c->pos = data_end;
	} else if (length) {
		return false; /* an augmentation without 'z' cannot be skipped */
	}
	cie->instructions_start = c->pos;
	cie->instructions_end = record_end;
	return !c->bad;
}

/* EhFrame.parseCieAt: a CIE that an FDE points to, not yet seen. -1 if it is not a readable CIE. */
static int64_t cie_at(struct builder *b, int64_t offset)
{
	struct cursor c = b->section;
	struct cie cie;
	uint64_t length;
	int64_t end;

	if (offset < 0 || offset + 8 > b->section.size)
		return -1;
	c.pos = offset;
	length = u32(&c);
	if (length == 0xffffffffULL)
		length = u64(&c);
	end = c.pos + (int64_t)length;
	if (u32(&c) != 0 || c.bad || !parse_cie(b, &c, offset, end, &cie))
		return -1;
	return add_cie(b, &cie);
}

/* EhFrame.parse: every CIE and every FDE with a non-empty range, in section order. */
static void parse_section(struct builder *b)
{
	struct cursor c = b->section;

	while (c.pos + 4 <= c.size && !b->out_of_memory) {
		int64_t record_start = c.pos, id_position, record_end;
		uint64_t length = u32(&c), id;

		if (length == 0)
			break; /* crtend's terminator */
		if (length == 0xffffffffULL)
			length = u64(&c);
		if (c.bad || length > (uint64_t)(c.size - c.pos)) {
			b->problems++;
			break;
		}
		record_end = c.pos + (int64_t)length;
		id_position = c.pos;
		id = u32(&c);
		if (id == 0) {
			struct cie cie;

			if (parse_cie(b, &c, record_start, record_end, &cie) &&
			    find_cie(b, record_start) < 0)
				add_cie(b, &cie);
			else if (c.bad || find_cie(b, record_start) < 0)
				b->problems++;
		} else {
			/* In .eh_frame the CIE pointer is the distance back from this field to the CIE. */
			int64_t cie_offset = (int64_t)(int32_t)(id_position - (int64_t)id);
			int64_t cie = find_cie(b, cie_offset);
			struct fde fde;

			if (cie < 0)
				cie = cie_at(b, cie_offset);
			if (cie < 0) {
				b->problems++;
			} else {
				int encoding = b->cies[cie].fde_encoding;

				fde.pc_begin = read_pointer(&c, encoding, b->section_address,
							    b->data_base, true);
				fde.pc_range = (int64_t)read_pointer(&c, encoding & 0x0f,
								     b->section_address,
								     b->data_base, false);
				if (b->cies[cie].has_augmentation_data) {
					int64_t skip = (int64_t)uleb128(&c);

					c.pos += skip;
				}
				fde.instructions_start = c.pos;
				fde.instructions_end = record_end;
				fde.cie = (uint32_t)cie;
				fde.order = (uint32_t)b->fde_count;
				if (c.bad)
					b->problems++;
				else if (fde.pc_range > 0 &&
					 grow((void **)&b->fdes, &b->fde_capacity, b->fde_count,
					      sizeof(*b->fdes), &b->out_of_memory))
					b->fdes[b->fde_count++] = fde;
			}
		}
		c.bad = false;
		c.pos = record_end;
	}
}

/* CfaProgram: how a register we track is recovered. */
enum rule { UNCHANGED, OFFSET, UNSUPPORTED };

struct state {
	int32_t cfa_register;
	int64_t cfa_offset;
	bool cfa_is_expression;
	enum rule rbp;
	int64_t rbp_offset;
	enum rule return_address;
	int64_t return_address_offset;
};

struct interpreter {
	struct builder *b;
	const struct cie *cie;
	struct state *state; /* the caller's, until a restore_state makes it `restored` */
	struct state restored;
	const struct state
		*initial; /* the CIE's rules, for DW_CFA_restore; NULL while running the CIE */
	bool emits;	  /* false while running the CIE's initial instructions */
	struct state remembered[MAX_REMEMBERED];
	int remembered_count;
	uint64_t location, end;
};

static struct offcpu_unwind_row undefined_row(uint64_t pc)
{
	struct offcpu_unwind_row row = { .pc = pc, .cfa_register = OFFCPU_CFA_UNDEFINED };

	return row;
}

static struct offcpu_unwind_row row_of(const struct state *s, uint64_t pc)
{
	struct offcpu_unwind_row row = { .pc = pc };

	if (s->cfa_is_expression || (s->cfa_register != REG_RSP && s->cfa_register != REG_RBP) ||
	    s->return_address != OFFSET || s->return_address_offset != -8 ||
	    s->cfa_offset != (int32_t)s->cfa_offset || s->rbp == UNSUPPORTED)
		return undefined_row(pc);
	if (s->rbp == OFFSET) {
		/* 0 means "unchanged"; a save at CFA+0 would overlap the caller's frame anyway. */
		if (s->rbp_offset == 0 || s->rbp_offset != (int16_t)s->rbp_offset)
			return undefined_row(pc);
		row.rbp_offset = (int16_t)s->rbp_offset;
	}
	row.cfa_register = s->cfa_register == REG_RSP ? OFFCPU_CFA_RSP : OFFCPU_CFA_RBP;
	row.cfa_offset = (int32_t)s->cfa_offset;
	return row;
}

static bool same_rule(const struct offcpu_unwind_row *a, const struct offcpu_unwind_row *b)
{
	return a->cfa_register == b->cfa_register && a->cfa_offset == b->cfa_offset &&
	       a->rbp_offset == b->rbp_offset;
}

/* Appends with the rule of both Java appenders: a row at the same pc replaces, a repeated rule is dropped. */
static void append(struct builder *b, struct offcpu_unwind_row **rows, size_t *count,
		   size_t *capacity, struct offcpu_unwind_row row)
{
	if (*count && (*rows)[*count - 1].pc == row.pc)
		(*count)--;
	if (*count && same_rule(&(*rows)[*count - 1], &row))
		return;
	if (grow((void **)rows, capacity, *count, sizeof(row), &b->out_of_memory))
		(*rows)[(*count)++] = row;
}

/* The row in force from pc; state NULL means UNDEFINED (the program broke off). */
static void emit(struct interpreter *in, uint64_t pc, const struct state *state)
{
	struct builder *b = in->b;

	if (!in->emits || pc >= in->end)
		return;
	append(b, &b->fde_rows, &b->fde_row_count, &b->fde_row_capacity,
	       state ? row_of(state, pc) : undefined_row(pc));
}

static void advance_to(struct interpreter *in, uint64_t location)
{
	if (location != in->location) {
		emit(in, in->location, in->state);
		in->location = location;
	}
}

static void set_rule(struct interpreter *in, int32_t reg, enum rule rule, int64_t offset)
{
	if (reg == REG_RBP) {
		in->state->rbp = rule;
		if (rule == OFFSET)
			in->state->rbp_offset = offset;
	} else if (reg == REG_RETURN_ADDRESS) {
		in->state->return_address = rule;
		if (rule == OFFSET)
			in->state->return_address_offset = offset;
	}
}

static bool restore(struct interpreter *in, int32_t reg)
{
	if (!in->initial)
		return false; /* DW_CFA_restore in a CIE's initial instructions */
	if (reg == REG_RBP) {
		in->state->rbp = in->initial->rbp;
		in->state->rbp_offset = in->initial->rbp_offset;
	} else if (reg == REG_RETURN_ADDRESS) {
		in->state->return_address = in->initial->return_address;
		in->state->return_address_offset = in->initial->return_address_offset;
	}
	return true;
}

static int32_t reg_of(uint64_t value)
{
	return (int32_t)(uint32_t)value;
}

static void skip_block(struct cursor *c)
{
	int64_t length = (int64_t)uleb128(c);

	c->pos += length;
}

/* CfaProgram.Interpreter.run: false when an instruction cannot be decoded. */
static bool run(struct interpreter *in, int64_t start, int64_t stop, uint64_t pc_begin,
		uint64_t pc_end)
{
	struct cursor c = in->b->section;
	uint64_t code_align = in->cie->code_alignment;
	uint64_t data_align = (uint64_t)in->cie->data_alignment;

	in->location = pc_begin;
	in->end = pc_end;
	c.pos = start;
	while (c.pos < stop) {
		int opcode = u8(&c), low = opcode & 0x3f;
		int32_t reg;

		if (c.bad)
			return false;
		switch (opcode & 0xc0) {
		case 0x40: advance_to(in, in->location + (uint64_t)low * code_align); continue;
		case 0x80:
			set_rule(in, low, OFFSET, (int64_t)(uleb128(&c) * data_align));
			goto next;
		case 0xc0:
			if (!restore(in, low))
				return false;
			continue;
		}
		switch (opcode) {
		case 0x00: break; /* nop */
		case 0x01:	  /* set_loc */
			advance_to(in,
				   read_pointer(&c, in->cie->fde_encoding, in->b->section_address,
						in->b->data_base, true));
			break;
		case 0x02: advance_to(in, in->location + u8(&c) * code_align); break;
		case 0x03: advance_to(in, in->location + u16(&c) * code_align); break;
		case 0x04: advance_to(in, in->location + u32(&c) * code_align); break;
		case 0x05: /* offset_extended */
			reg = reg_of(uleb128(&c));
			set_rule(in, reg, OFFSET, (int64_t)(uleb128(&c) * data_align));
			break;
		case 0x06:
			if (!restore(in, reg_of(uleb128(&c))))
				return false;
			break;
		case 0x07: set_rule(in, reg_of(uleb128(&c)), UNSUPPORTED, 0); break; /* undefined */
		case 0x08: set_rule(in, reg_of(uleb128(&c)), UNCHANGED, 0); break; /* same_value */
		case 0x09:							   /* register */
			reg = reg_of(uleb128(&c));
			uleb128(&c);
			set_rule(in, reg, UNSUPPORTED, 0);
			break;
		case 0x0a: /* remember_state */
			if (in->remembered_count == MAX_REMEMBERED)
				return false;
			in->remembered[in->remembered_count++] = *in->state;
			break;
		case 0x0b: /* restore_state: the CFA rule is restored too (DWARF 5 6.4.2.4) */
			if (!in->remembered_count)
				return false;
			in->restored = in->remembered[--in->remembered_count];
			in->state = &in->restored;
			break;
		case 0x0c: /* def_cfa */
			in->state->cfa_register = reg_of(uleb128(&c));
			in->state->cfa_offset = (int64_t)uleb128(&c);
			in->state->cfa_is_expression = false;
			break;
		case 0x0d: /* def_cfa_register */
			in->state->cfa_register = reg_of(uleb128(&c));
			in->state->cfa_is_expression = false;
			break;
		case 0x0e: in->state->cfa_offset = (int64_t)uleb128(&c); break;
		case 0x0f: /* def_cfa_expression: not register+offset */
			skip_block(&c);
			in->state->cfa_is_expression = true;
			break;
		case 0x10:
		case 0x16: /* expression, val_expression */
			reg = reg_of(uleb128(&c));
			skip_block(&c);
			set_rule(in, reg, UNSUPPORTED, 0);
			break;
		case 0x11: /* offset_extended_sf */
			reg = reg_of(uleb128(&c));
			set_rule(in, reg, OFFSET, (int64_t)((uint64_t)sleb128(&c) * data_align));
			break;
		case 0x12: /* def_cfa_sf */
			in->state->cfa_register = reg_of(uleb128(&c));
			in->state->cfa_offset = (int64_t)((uint64_t)sleb128(&c) * data_align);
			in->state->cfa_is_expression = false;
			break;
		case 0x13:
			in->state->cfa_offset = (int64_t)((uint64_t)sleb128(&c) * data_align);
			break;
		case 0x14:
		case 0x15: /* val_offset, val_offset_sf */
			reg = reg_of(uleb128(&c));
			uleb128(&c); /* an sleb128 has the same length */
			set_rule(in, reg, UNSUPPORTED, 0);
			break;
		case 0x2e: uleb128(&c); break; /* GNU_args_size: landing pads only */
		case 0x2f:		       /* GNU_negative_offset_extended */
			reg = reg_of(uleb128(&c));
			set_rule(in, reg, OFFSET, (int64_t)((0 - uleb128(&c)) * data_align));
			break;
		default: return false;
		}
next:
		if (c.bad)
			return false;
	}
	return true;
}

/* A run of the CIE's instructions (initial NULL: nothing emitted) or of an FDE's on top of them. */
static void prepare(struct interpreter *in, struct builder *b, const struct cie *cie,
		    struct state *state, const struct state *initial)
{
	in->b = b;
	in->cie = cie;
	in->state = state;
	in->initial = initial;
	in->emits = initial != NULL;
	in->remembered_count = 0;
}

/* CfaProgram.rows: the rows of one FDE within [pc_begin, pc_end) into b->fde_rows. */
static void fde_rows(struct builder *b, const struct fde *fde)
{
	const struct cie *cie = &b->cies[fde->cie];
	uint64_t pc_end = fde->pc_begin + (uint64_t)fde->pc_range;
	struct state initial = { .cfa_register = -1,
				 .rbp = UNCHANGED,
				 .return_address = UNSUPPORTED };
	struct state state;
	struct interpreter *in = b->in;

	b->fde_row_count = 0;
	if (cie->return_address_register != REG_RETURN_ADDRESS) {
		append(b, &b->fde_rows, &b->fde_row_count, &b->fde_row_capacity,
		       undefined_row(fde->pc_begin));
		return;
	}
	prepare(in, b, cie, &initial, NULL);
	if (!run(in, cie->instructions_start, cie->instructions_end, fde->pc_begin, pc_end)) {
		append(b, &b->fde_rows, &b->fde_row_count, &b->fde_row_capacity,
		       undefined_row(fde->pc_begin));
		return;
	}
	state = initial;
	prepare(in, b, cie, &state, &initial);
	if (run(in, fde->instructions_start, fde->instructions_end, fde->pc_begin, pc_end))
		emit(in, in->location, in->state);
	else
		emit(in, in->location, NULL);
}

static int compare_fdes(const void *x, const void *y)
{
	const struct fde *a = x, *b = y;

	if (a->pc_begin != b->pc_begin)
		return a->pc_begin < b->pc_begin ? -1 : 1;
	/* Longer first on equal starts, so a shorter duplicate overrides the start of a longer one. */
	if (a->pc_range != b->pc_range)
		return a->pc_range > b->pc_range ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* UnwindTable.of: FDEs by address, gaps and ends UNDEFINED, a later overlapping FDE wins from its start. */
static void merge(struct builder *b)
{
	bool pending = false;
	uint64_t pending_end = 0;

	if (b->fde_count) /* fdes is NULL then, which qsort must not get */
		qsort(b->fdes, b->fde_count, sizeof(*b->fdes), compare_fdes);
	for (size_t i = 0; i < b->fde_count && !b->out_of_memory; i++) {
		const struct fde *fde = &b->fdes[i];

		if (pending) {
			if (fde->pc_begin > pending_end)
				append(b, &b->rows, &b->row_count, &b->row_capacity,
				       undefined_row(pending_end));
			else
				while (b->row_count &&
				       b->rows[b->row_count - 1].pc >= fde->pc_begin)
					b->row_count--;
		}
		fde_rows(b, fde);
		for (size_t r = 0; r < b->fde_row_count; r++)
			append(b, &b->rows, &b->row_count, &b->row_capacity, b->fde_rows[r]);
		pending_end = fde->pc_begin + (uint64_t)fde->pc_range;
		pending = true;
	}
	if (pending)
		append(b, &b->rows, &b->row_count, &b->row_capacity, undefined_row(pending_end));
}

static int fail(struct unwind_table *table, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(table->error, sizeof(table->error), format, args);
	va_end(args);
	return -1;
}

int unwind_table_build(const char *path, struct unwind_table *table)
{
	struct builder b = { 0 };
	struct elf_file elf;
	struct elf_section eh_frame, got;
	uint8_t *data = NULL;
	int result = 0;

	memset(table, 0, sizeof(*table));
	if (elf_open(&elf, path)) {
		snprintf(table->error, sizeof(table->error), "%s", elf.error);
		return -1;
	}
	if (elf.machine != ELF_EM_X86_64) {
		result = fail(table,
			      "%s is for ELF machine %u; unwind tables are built for x86_64 (62) "
			      "only",
			      path, (unsigned)elf.machine);
		goto out;
	}
	if (!elf_section_named(&elf, ".eh_frame", &eh_frame) || !elf_section_has_data(&eh_frame))
		goto out; /* no .eh_frame: no rows, the walker follows frame pointers */
	data = elf_read_section(&elf, &eh_frame);
	if (!data) {
		result = fail(table, "%s", elf.error);
		goto out;
	}
	b.slot_mask = 255;
	b.cie_slots = calloc(b.slot_mask + 1, sizeof(*b.cie_slots));
	b.in = malloc(sizeof(*b.in));
	if (!b.cie_slots || !b.in) {
		result = fail(table, "%s: out of memory for .eh_frame", path);
		goto out;
	}
	b.section = (struct cursor){ .buf = data, .size = (int64_t)eh_frame.size };
	b.section_address = eh_frame.address;
	/* DW_EH_PE_datarel is relative to .got on x86_64 (LSB, "DWARF Extensions"); 0 without one. */
	b.data_base = elf_section_named(&elf, ".got", &got) ? got.address : 0;
	parse_section(&b);
	merge(&b);
	if (b.out_of_memory) {
		result = fail(table, "%s: out of memory for its unwind rows", path);
		goto out;
	}
	table->rows = b.rows;
	table->row_count = b.row_count;
	table->fde_count = b.fde_count;
	table->problem_count = b.problems;
	b.rows = NULL;
out:
	free(b.rows);
	free(b.fde_rows);
	free(b.fdes);
	free(b.cies);
	free(b.cie_slots);
	free(b.in);
	free(data);
	elf_close(&elf);
	return result;
}

void unwind_table_free(struct unwind_table *table)
{
	free(table->rows);
	table->rows = NULL;
	table->row_count = 0;
}
