// Working-size greyscale pictures shared by the JPEG and PNG decoders.
#include "twin_shims.h"
#include <stdlib.h>

void twin_grey_free(twin_grey_image *grey) {
    if (grey == NULL) return;
    free(grey->pixels);
    grey->pixels = NULL;
    grey->width = 0;
    grey->height = 0;
}

int twin_grey_shrink(twin_grey_image *grey, uint32_t long_side) {
    if (grey == NULL || grey->pixels == NULL || grey->width == 0 || grey->height == 0) return -1;
    uint32_t longest = grey->width > grey->height ? grey->width : grey->height;
    uint32_t factor = long_side == 0 ? 1 : (longest + long_side / 2) / long_side;
    if (factor <= 1) return 0;
    uint32_t width = grey->width / factor, height = grey->height / factor;
    if (width == 0 || height == 0) return 0;
    // In place: output pixel (x, y) depends only on source rows at or after y, so writing
    // row y never overwrites a source row still to be read.
    uint32_t area = factor * factor;
    for (uint32_t y = 0; y < height; y++) {
        for (uint32_t x = 0; x < width; x++) {
            uint32_t sum = 0;
            for (uint32_t dy = 0; dy < factor; dy++) {
                const uint8_t *source = grey->pixels + (size_t)(y * factor + dy) * grey->width + (size_t)x * factor;
                for (uint32_t dx = 0; dx < factor; dx++) sum += source[dx];
            }
            grey->pixels[(size_t)y * width + x] = (uint8_t)((sum + area / 2) / area);
        }
    }
    grey->width = width;
    grey->height = height;
    return 0;
}
