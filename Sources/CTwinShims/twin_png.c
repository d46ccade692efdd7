// libpng behind setjmp: its error function longjmps back into twin_png_check, never into Swift.
#include "twin_shims.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

/// The widest row decoding allows: 16 MiB is a 1,000,000-pixel row of 16-bit RGBA (libpng keeps two more).
#define TWIN_PNG_MAX_ROW_BYTES (16 << 20)
/// The most one compressed ancillary chunk (zTXt, iCCP, iTXt) may inflate to.
#define TWIN_PNG_MAX_CHUNK_BYTES (8 << 20)

static void twin_png_error(png_structp png, png_const_charp message) {
    twin_image_info *info = (twin_image_info *)png_get_error_ptr(png);
    snprintf(info->message, sizeof(info->message), "%s", message);
    png_longjmp(png, 1);
}

static void twin_png_warning(png_structp png, png_const_charp message) {
    twin_image_info *info = (twin_image_info *)png_get_error_ptr(png);
    // Ancillary-chunk complaints are not fatal for libpng and not for us either; keep the first.
    if (info->warnings == 0 && info->message[0] == 0) {
        snprintf(info->message, sizeof(info->message), "%s", message);
    }
    info->warnings += 1;
}

// The one libpng run behind every entry point: `grey` and `rgb` NULL checks only; otherwise libpng reduces
// every pixel to 8-bit grey (or RGB) into one buffer, which is then box-averaged to about `long_side`.
static twin_image_status twin_png_run(const char *path, uint64_t max_pixels, int decode, uint32_t long_side,
                                      twin_image_info *info, twin_grey_image *grey, twin_rgb_image *rgb) {
    memset(info, 0, sizeof(*info));
    if (grey != NULL) memset(grey, 0, sizeof(*grey));
    if (rgb != NULL) memset(rgb, 0, sizeof(*rgb));
    // Kept whole: one byte a pixel in grey, three in colour.
    size_t channels = rgb != NULL ? 3 : 1;
    int keeps = grey != NULL || rgb != NULL;
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(info->message, sizeof(info->message), "cannot open the file");
        return TWIN_IMAGE_UNREADABLE;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, info, twin_png_error, twin_png_warning);
    png_infop png_info = png ? png_create_info_struct(png) : NULL;
    if (png == NULL || png_info == NULL) {
        png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
        fclose(file);
        snprintf(info->message, sizeof(info->message), "out of memory");
        return TWIN_IMAGE_UNREADABLE;
    }
    // volatile: assigned between setjmp and a possible longjmp.
    png_bytep volatile row = NULL;
    uint8_t *volatile pixels = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        free(pixels);
        png_destroy_read_struct(&png, &png_info, NULL);
        fclose(file);
        return TWIN_IMAGE_CORRUPT;
    }
    png_init_io(png, file);
    // libpng's own limit is 1,000,000 x 1,000,000; ours is the pixel guard below.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    // A text or profile chunk may declare (or inflate to) gigabytes, and libpng allocates what a chunk declares
    // (the fuzzer found a 1.6 GB iTXt, fixtures/fuzz/probe). Validation needs none of them (EXIF has its own
    // reader): they are skipped unread, and any other chunk's allocation is capped.
    static const png_byte skipped[] = "iTXt\0tEXt\0zTXt\0iCCP\0sPLT\0eXIf\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped, (int)(sizeof(skipped) / 5));
    png_set_chunk_malloc_max(png, TWIN_PNG_MAX_CHUNK_BYTES);
    png_read_info(png, png_info);
    info->width = png_get_image_width(png, png_info);
    info->height = png_get_image_height(png, png_info);
    twin_image_status status = TWIN_IMAGE_OK;
    if ((uint64_t)info->width * (uint64_t)info->height > max_pixels) {
        status = TWIN_IMAGE_TOO_LARGE;
    } else if ((uint64_t)png_get_rowbytes(png, png_info) > TWIN_PNG_MAX_ROW_BYTES) {
        // Under the pixel guard but not under memory: 100000000x1 RGBA at 16 bits is 800 MB a row, and libpng
        // keeps two rows besides ours.
        snprintf(info->message, sizeof(info->message), "a row of %llu bytes is over the %d MiB a row decoding allows",
                 (unsigned long long)png_get_rowbytes(png, png_info), TWIN_PNG_MAX_ROW_BYTES >> 20);
        status = TWIN_IMAGE_TOO_LARGE;
    } else if (rgb != NULL && (uint64_t)info->width * info->height > TWIN_PNG_MAX_RGB_PIXELS) {
        snprintf(info->message, sizeof(info->message), "over the %u pixels a colour copy may hold", TWIN_PNG_MAX_RGB_PIXELS);
        status = TWIN_IMAGE_TOO_LARGE;
    } else if (decode) {
        if (keeps) {
            png_set_expand(png);
            png_set_strip_16(png);
            png_set_strip_alpha(png);
            png_byte color = png_get_color_type(png, png_info);
            if (rgb != NULL && !(color & PNG_COLOR_MASK_COLOR) && color != PNG_COLOR_TYPE_PALETTE) {
                png_set_gray_to_rgb(png);
            } else if (rgb == NULL && (color & PNG_COLOR_MASK_COLOR || color == PNG_COLOR_TYPE_PALETTE)) {
                png_set_rgb_to_gray_fixed(png, 1, -1, -1);
            }
        }
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, png_info);
        size_t rowbytes = png_get_rowbytes(png, png_info);
        if (keeps) {
            // Interlaced passes fill a row in several visits, so the picture is kept whole (bounded by the
            // pixel guard, in colour by TWIN_PNG_MAX_RGB_PIXELS) and shrunk at the end.
            if (rowbytes != info->width * channels) png_error(png, "cannot reduce the image to 8-bit grey or RGB");
            pixels = malloc((size_t)info->width * info->height * channels);
            if (pixels == NULL) png_error(png, "out of memory");
        } else {
            row = malloc(rowbytes);
            if (row == NULL) png_error(png, "out of memory");
        }
        for (int pass = 0; pass < passes; pass++) {
            for (uint32_t y = 0; y < info->height; y++) {
                png_read_row(png, pixels != NULL ? pixels + (size_t)y * info->width * channels : row, NULL);
                if (pass == passes - 1) info->rows_decoded += 1;
            }
        }
        png_read_end(png, NULL);
        if (grey != NULL) {
            grey->pixels = pixels;
            grey->width = info->width;
            grey->height = info->height;
            pixels = NULL;
            twin_grey_shrink(grey, long_side);
        } else if (rgb != NULL) {
            rgb->pixels = pixels;
            rgb->width = info->width;
            rgb->height = info->height;
            pixels = NULL;
            twin_rgb_shrink(rgb, long_side);
        }
    }
    free(row);
    free(pixels);
    png_destroy_read_struct(&png, &png_info, NULL);
    fclose(file);
    return status;
}

twin_image_status twin_png_check(const char *path, uint64_t max_pixels, int decode, twin_image_info *info) {
    return twin_png_run(path, max_pixels, decode, 0, info, NULL, NULL);
}

twin_image_status twin_png_decode_grey(const char *path, uint64_t max_pixels, uint32_t long_side,
                                       twin_image_info *info, twin_grey_image *grey) {
    return twin_png_run(path, max_pixels, 1, long_side, info, grey, NULL);
}

twin_image_status twin_png_decode_rgb(const char *path, uint64_t max_pixels, uint32_t long_side,
                                      twin_image_info *info, twin_rgb_image *rgb) {
    return twin_png_run(path, max_pixels, 1, long_side, info, NULL, rgb);
}
