// The area-average shrink every working-size picture goes through (no library: plain loops over bytes).
#include "twin_pixels.h"
#include <stdlib.h>

int twin_pixels_shrink(uint8_t *pixels, uint32_t *width_in_out, uint32_t *height_in_out, uint32_t channels,
                       uint32_t long_side) {
    if (pixels == NULL || width_in_out == NULL || height_in_out == NULL || *width_in_out == 0 || *height_in_out == 0
        || channels == 0 || channels > 4) return -1;
    uint32_t longest = *width_in_out > *height_in_out ? *width_in_out : *height_in_out;
    if (long_side == 0 || longest <= long_side) return 0;
    // Area average to exactly long_side (a 12 MP JPEG's 1/4-scale 1008x756 becomes 800x600): each
    // output pixel averages the source block [x * W / w, (x + 1) * W / w) x [y * H / h, ...).
    uint64_t source_w = *width_in_out, source_h = *height_in_out;
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
            uint64_t area = (uint64_t)(y1 - y0) * (x1 - x0);
            uint64_t sums[4] = { 0, 0, 0, 0 };
            for (uint32_t sy = y0; sy < y1; sy++) {
                const uint8_t *source = pixels + ((size_t)sy * source_w + x0) * channels;
                const uint8_t *end = source + (size_t)(x1 - x0) * channels;
                if (channels == 1) {
                    for (; source < end; source++) sums[0] += *source;
                } else {
                    for (; source < end; source += channels) {
                        for (uint32_t c = 0; c < channels; c++) sums[c] += source[c];
                    }
                }
            }
            for (uint32_t c = 0; c < channels; c++) {
                pixels[((size_t)y * width + x) * channels + c] = (uint8_t)((sums[c] + area / 2) / area);
            }
        }
    }
    *width_in_out = width;
    *height_in_out = height;
    return 0;
}
