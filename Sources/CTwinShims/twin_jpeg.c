// libjpeg behind setjmp: error_exit longjmps back into twin_jpeg_check, never into Swift.
#include "twin_shims.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/// The most libjpeg may allocate for one photo: a 48 MP phone photo saved as a progressive 4:2:0 JPEG (146 MB of
/// coefficients) fits, and with the rest of the process (about 55 MB) a validation stays under 256 MB.
#define TWIN_JPEG_MAX_MEMORY_BYTES (160 << 20)

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    twin_image_info *info;
} twin_jpeg_error;

static void twin_jpeg_error_exit(j_common_ptr cinfo) {
    twin_jpeg_error *err = (twin_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->info->message);
    longjmp(err->jump, 1);
}

static void twin_jpeg_emit_message(j_common_ptr cinfo, int level) {
    twin_jpeg_error *err = (twin_jpeg_error *)cinfo->err;
    if (level < 0) { // a warning: libjpeg carries on, we remember the first one
        if (err->info->warnings == 0) {
            (*cinfo->err->format_message)(cinfo, err->info->message);
        }
        err->info->warnings += 1;
        cinfo->err->num_warnings += 1;
    }
}

static void twin_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

// Our error manager: messages into `info`, warnings counted, errors longjmp back to the caller's setjmp.
static struct jpeg_error_mgr *twin_jpeg_errors(twin_jpeg_error *err, twin_image_info *info) {
    struct jpeg_error_mgr *base = jpeg_std_error(&err->base);
    err->base.error_exit = twin_jpeg_error_exit;
    err->base.emit_message = twin_jpeg_emit_message;
    err->base.output_message = twin_jpeg_output_message;
    err->info = info;
    return base;
}

// One decoded CMYK row to luma. Plain CMYK stores ink (255 = full), Adobe's inverts it (0 = full); either way
// each channel becomes R, G or B as (1 - ink) * (1 - black), then BT.601 luma as libjpeg's own greyscale has.
static void twin_cmyk_row_to_luma(const JSAMPLE *cmyk, uint8_t *luma, JDIMENSION width, int inverted) {
    for (JDIMENSION x = 0; x < width; x++) {
        const JSAMPLE *p = cmyk + 4 * (size_t)x;
        unsigned c = inverted ? p[0] : 255u - p[0], m = inverted ? p[1] : 255u - p[1];
        unsigned y = inverted ? p[2] : 255u - p[2], k = inverted ? p[3] : 255u - p[3];
        unsigned r = c * k, g = m * k, b = y * k; // 0 .. 255 * 255
        luma[x] = (uint8_t)((299u * r + 587u * g + 114u * b + 127500u) / 255000u);
    }
}

// One decoded CMYK row to RGB, the same ink conversion as `twin_cmyk_row_to_luma`.
static void twin_cmyk_row_to_rgb(const JSAMPLE *cmyk, uint8_t *rgb, JDIMENSION width, int inverted) {
    for (JDIMENSION x = 0; x < width; x++) {
        const JSAMPLE *p = cmyk + 4 * (size_t)x;
        unsigned c = inverted ? p[0] : 255u - p[0], m = inverted ? p[1] : 255u - p[1];
        unsigned y = inverted ? p[2] : 255u - p[2], k = inverted ? p[3] : 255u - p[3];
        rgb[3 * (size_t)x] = (uint8_t)((c * k + 127) / 255);
        rgb[3 * (size_t)x + 1] = (uint8_t)((m * k + 127) / 255);
        rgb[3 * (size_t)x + 2] = (uint8_t)((y * k + 127) / 255);
    }
}

static uint8_t twin_clamp_byte(int value) { return (uint8_t)(value < 0 ? 0 : (value > 255 ? 255 : value)); }

// One decoded YCbCr row (JFIF: BT.601, full range) to its luma and to RGB, in 16-bit fixed point.
static void twin_ycc_row_split(const JSAMPLE *ycc, uint8_t *luma, uint8_t *rgb, JDIMENSION width) {
    for (JDIMENSION x = 0; x < width; x++) {
        const JSAMPLE *p = ycc + 3 * (size_t)x;
        int y = p[0], cb = p[1] - 128, cr = p[2] - 128;
        luma[x] = (uint8_t)y;
        rgb[3 * (size_t)x] = twin_clamp_byte(y + ((91881 * cr + 32768) >> 16));
        rgb[3 * (size_t)x + 1] = twin_clamp_byte(y - ((22554 * cb + 46802 * cr + 32768) >> 16));
        rgb[3 * (size_t)x + 2] = twin_clamp_byte(y + ((116130 * cb + 32768) >> 16));
    }
}

// One decoded RGB row (an Adobe RGB-coded JPEG) to its luma, with libjpeg's own greyscale weights and rounding.
static void twin_rgb_row_to_luma(const JSAMPLE *rgb, uint8_t *luma, JDIMENSION width) {
    for (JDIMENSION x = 0; x < width; x++) {
        const JSAMPLE *p = rgb + 3 * (size_t)x;
        luma[x] = (uint8_t)((19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16);
    }
}

// The one libjpeg run behind every entry point: `grey` NULL checks only, otherwise it keeps the
// luma plane at the scale that `long_side` asks for, and with `rgb` the picture in colour besides.
static twin_image_status twin_jpeg_run(const char *path, uint64_t max_pixels, int decode, uint32_t long_side,
                                       twin_image_info *info, twin_grey_image *grey, twin_rgb_image *rgb) {
    memset(info, 0, sizeof(*info));
    if (grey != NULL) memset(grey, 0, sizeof(*grey));
    if (rgb != NULL) memset(rgb, 0, sizeof(*rgb));
    if (grey == NULL) rgb = NULL; // colour only comes with the grey copy
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(info->message, sizeof(info->message), "cannot open the file");
        return TWIN_IMAGE_UNREADABLE;
    }
    struct jpeg_decompress_struct cinfo;
    twin_jpeg_error err;
    // volatile: modified between setjmp and a possible longjmp.
    JSAMPARRAY volatile row = NULL;
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile colour = NULL;
    cinfo.err = twin_jpeg_errors(&err, info);
    if (setjmp(err.jump)) {
        // Over the memory budget libjpeg asks for backing store, which libjpeg-turbo does not have: too large.
        int over_budget = cinfo.err->msg_code == JERR_NO_BACKING_STORE;
        free(pixels);
        free(colour);
        jpeg_destroy_decompress(&cinfo);
        fclose(file);
        if (over_budget) {
            snprintf(info->message, sizeof(info->message), "decoding needs more than the %d MiB allowed (progressive coefficients)",
                     TWIN_JPEG_MAX_MEMORY_BYTES >> 20);
            return TWIN_IMAGE_TOO_LARGE;
        }
        return TWIN_IMAGE_CORRUPT;
    }
    jpeg_create_decompress(&cinfo);
    // A progressive JPEG keeps every coefficient of the image (2 bytes a sample) until the last scan.
    cinfo.mem->max_memory_to_use = TWIN_JPEG_MAX_MEMORY_BYTES;
    jpeg_stdio_src(&cinfo, file);
    jpeg_read_header(&cinfo, TRUE);
    info->width = cinfo.image_width;
    info->height = cinfo.image_height;
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    info->cmyk = cmyk;
    info->cmyk_inverted = cmyk && cinfo.saw_Adobe_marker;
    twin_image_status status = TWIN_IMAGE_OK;
    if ((uint64_t)cinfo.image_width * (uint64_t)cinfo.image_height > max_pixels) {
        status = TWIN_IMAGE_TOO_LARGE;
    } else if (decode) {
        // Validation needs every entropy-coded block parsed, not full-size pixels: 1/8 scaling
        // still decodes the whole bitstream (so truncation and damage surface) but skips most of
        // the inverse DCT, upsampling and colour conversion work.
        cinfo.scale_num = 1;
        cinfo.scale_denom = 8;
        cinfo.dct_method = JDCT_IFAST;
        cinfo.do_fancy_upsampling = FALSE;
        cinfo.do_block_smoothing = FALSE;
        if (grey != NULL) {
            // Pixels are wanted: luma only (no colour conversion), the accurate DCT, and the
            // smallest scale whose long side still reaches long_side.
            uint32_t longest = cinfo.image_width > cinfo.image_height ? cinfo.image_width : cinfo.image_height;
            cinfo.scale_denom = 1;
            for (unsigned denom = 8; denom > 1; denom /= 2) {
                if ((longest + denom - 1) / denom >= long_side) { cinfo.scale_denom = denom; break; }
            }
            // libjpeg converts neither CMYK nor YCCK to greyscale: they come out as CMYK (YCCK converted)
            // and this function turns each row to luma.
            cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
            // In colour, YCbCr comes out as it is stored: its luma plane is the very plane greyscale output copies.
            if (rgb != NULL && cinfo.jpeg_color_space == JCS_YCbCr) cinfo.out_color_space = JCS_YCbCr;
            if (rgb != NULL && cinfo.jpeg_color_space == JCS_RGB) cinfo.out_color_space = JCS_RGB;
            cinfo.dct_method = JDCT_ISLOW;
        }
        jpeg_start_decompress(&cinfo);
        if (grey != NULL) {
            size_t count = (size_t)cinfo.output_width * cinfo.output_height;
            pixels = malloc(count);
            if (rgb != NULL && pixels != NULL) colour = malloc(3 * count);
            if (pixels == NULL || (rgb != NULL && colour == NULL)) {
                snprintf(info->message, sizeof(info->message), "out of memory");
                free(pixels);
                free(colour);
                jpeg_destroy_decompress(&cinfo);
                fclose(file);
                return TWIN_IMAGE_UNREADABLE;
            }
        }
        // One row, allocated from libjpeg's pool so jpeg_destroy frees it even after a longjmp.
        row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                         cinfo.output_width * cinfo.output_components, 1);
        while (cinfo.output_scanline < cinfo.output_height) {
            if (jpeg_read_scanlines(&cinfo, row, 1) != 1) break;
            uint8_t *target = pixels == NULL ? NULL : pixels + (size_t)info->rows_decoded * cinfo.output_width;
            uint8_t *tinted = colour == NULL ? NULL : colour + (size_t)info->rows_decoded * cinfo.output_width * 3;
            if (target != NULL && cinfo.output_components == 4) {
                twin_cmyk_row_to_luma(row[0], target, cinfo.output_width, info->cmyk_inverted);
                if (tinted != NULL) twin_cmyk_row_to_rgb(row[0], tinted, cinfo.output_width, info->cmyk_inverted);
            } else if (target != NULL && cinfo.out_color_space == JCS_YCbCr) {
                twin_ycc_row_split(row[0], target, tinted, cinfo.output_width);
            } else if (target != NULL && cinfo.out_color_space == JCS_RGB) {
                twin_rgb_row_to_luma(row[0], target, cinfo.output_width);
                memcpy(tinted, row[0], (size_t)cinfo.output_width * 3);
            } else if (target != NULL) {
                memcpy(target, row[0], cinfo.output_width);
                for (JDIMENSION x = 0; tinted != NULL && x < cinfo.output_width; x++) {
                    tinted[3 * (size_t)x] = tinted[3 * (size_t)x + 1] = tinted[3 * (size_t)x + 2] = row[0][x];
                }
            }
            info->rows_decoded += 1;
        }
        jpeg_finish_decompress(&cinfo);
        if (info->warnings > 0 || info->rows_decoded < cinfo.output_height) status = TWIN_IMAGE_CORRUPT;
        if (grey != NULL && status == TWIN_IMAGE_OK) {
            grey->pixels = pixels;
            grey->width = cinfo.output_width;
            grey->height = cinfo.output_height;
            pixels = NULL;
            twin_grey_shrink(grey, long_side);
            if (rgb != NULL) {
                rgb->pixels = colour;
                rgb->width = cinfo.output_width;
                rgb->height = cinfo.output_height;
                colour = NULL;
                twin_rgb_shrink(rgb, long_side);
            }
        }
    }
    free(pixels);
    free(colour);
    jpeg_destroy_decompress(&cinfo);
    fclose(file);
    return status;
}

twin_image_status twin_jpeg_check(const char *path, uint64_t max_pixels, int decode, twin_image_info *info) {
    return twin_jpeg_run(path, max_pixels, decode, 0, info, NULL, NULL);
}

twin_image_status twin_jpeg_decode_grey(const char *path, uint64_t max_pixels, uint32_t long_side,
                                        twin_image_info *info, twin_grey_image *grey) {
    return twin_jpeg_run(path, max_pixels, 1, long_side, info, grey, NULL);
}

twin_image_status twin_jpeg_decode_grey_rgb(const char *path, uint64_t max_pixels, uint32_t long_side,
                                            twin_image_info *info, twin_grey_image *grey, twin_rgb_image *rgb) {
    return twin_jpeg_run(path, max_pixels, 1, long_side, info, grey, rgb);
}

// Encoding: the same error manager (the message lands in `info`), libjpeg's memory destination.
twin_image_status twin_jpeg_encode(const void *pixels, size_t size, uint32_t width, uint32_t height, int components,
                                   int quality, void **jpeg, size_t *jpeg_size, twin_image_info *info) {
    memset(info, 0, sizeof(*info));
    *jpeg = NULL;
    *jpeg_size = 0;
    if (pixels == NULL || width == 0 || height == 0 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION
        || (components != 1 && components != 3) || (uint64_t)width * height * (uint64_t)components > size) {
        snprintf(info->message, sizeof(info->message), "no picture to encode (%ux%u from %zu bytes)", width, height, size);
        return TWIN_IMAGE_CORRUPT;
    }
    struct jpeg_compress_struct cinfo;
    twin_jpeg_error err;
    // volatile: modified between setjmp and a possible longjmp.
    unsigned char *volatile buffer = NULL;
    unsigned long buffer_size = 0;
    cinfo.err = twin_jpeg_errors(&err, info);
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return TWIN_IMAGE_CORRUPT;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &buffer_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)((const uint8_t *)pixels + (size_t)cinfo.next_scanline * width * (size_t)components);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *jpeg = buffer;
    *jpeg_size = buffer_size;
    return TWIN_IMAGE_OK;
}

void twin_jpeg_free(void *jpeg) { free(jpeg); }
