/* placeholder: replaced by the real contract header */
#ifndef OFFCPU_H
#define OFFCPU_H
#define OFFCPU_ABI_VERSION 1
#endif
