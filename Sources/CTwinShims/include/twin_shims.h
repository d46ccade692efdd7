#ifndef TWIN_SHIMS_H
#define TWIN_SHIMS_H
/// The C shim: everything Swift cannot do safely with FFmpeg, libjpeg and libpng
/// (setjmp/longjmp error handling, function-like macros). Every symbol is prefixed `twin_`.
#include <stddef.h>
#include <stdint.h>

/// Version of the shim, so Swift can check it linked the right one.
int twin_shims_version(void);

#endif
