#ifndef TWIN_PIXELS_H
#define TWIN_PIXELS_H
/// Packed 8-bit pictures, without any library: the shrink the decoders and the face checks share.
#include <stdint.h>

/// `channels` (1-4) interleaved bytes a pixel, area-averaged in place to a long side of `long_side` (no change when
/// already no larger); the new size is written back. Returns 0, or -1 for an empty picture or a bad channel count.
int twin_pixels_shrink(uint8_t *pixels, uint32_t *width, uint32_t *height, uint32_t channels, uint32_t long_side);

#endif
