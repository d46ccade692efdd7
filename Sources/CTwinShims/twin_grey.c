// Working-size greyscale and colour pictures shared by the JPEG, PNG and video decoders.
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
    if (grey == NULL) return -1;
    return twin_pixels_shrink(grey->pixels, &grey->width, &grey->height, 1, long_side);
}

void twin_rgb_free(twin_rgb_image *rgb) {
    if (rgb == NULL) return;
    free(rgb->pixels);
    rgb->pixels = NULL;
    rgb->width = 0;
    rgb->height = 0;
}

int twin_rgb_shrink(twin_rgb_image *rgb, uint32_t long_side) {
    if (rgb == NULL) return -1;
    return twin_pixels_shrink(rgb->pixels, &rgb->width, &rgb->height, 3, long_side);
}
