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
    if (long_side == 0 || longest <= long_side) return 0;
    // Area average to exactly long_side (a 12 MP JPEG's 1/4-scale 1008x756 becomes 800x600): each
    // output pixel averages the source block [x * W / w, (x + 1) * W / w) x [y * H / h, ...).
    uint64_t source_w = grey->width, source_h = grey->height;
    uint32_t width = (uint32_t)((source_w * long_side + longest / 2) / longest);
    uint32_t height = (uint32_t)((source_h * long_side + longest / 2) / longest);
    if (width == 0) width = 1;
    if (height == 0) height = 1;
    // In place: output pixel (x, y) reads source rows and columns at or after y and x (the source
    // is at least as large), so writing it never overwrites a source pixel still to be read.
    for (uint32_t y = 0; y < height; y++) {
        uint32_t y0 = (uint32_t)(y * source_h / height), y1 = (uint32_t)((y + 1) * source_h / height);
        if (y1 <= y0) y1 = y0 + 1;
        for (uint32_t x = 0; x < width; x++) {
            uint32_t x0 = (uint32_t)(x * source_w / width), x1 = (uint32_t)((x + 1) * source_w / width);
            if (x1 <= x0) x1 = x0 + 1;
            uint64_t sum = 0;
            for (uint32_t sy = y0; sy < y1; sy++) {
                const uint8_t *source = grey->pixels + (size_t)sy * source_w;
                for (uint32_t sx = x0; sx < x1; sx++) sum += source[sx];
            }
            uint64_t area = (uint64_t)(y1 - y0) * (x1 - x0);
            grey->pixels[(size_t)y * width + x] = (uint8_t)((sum + area / 2) / area);
        }
    }
    grey->width = width;
    grey->height = height;
    return 0;
}
