// Any decoded video picture to 8-bit luma for the face checks: every bit depth, chroma layout,
// range and packing libavutil's pixel format descriptors describe, with HLG and PQ tone-mapped.
#include "twin_shims.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libavutil/pixdesc.h>

/// Display light in nits of an HLG signal (0-1) on a 1000-nit display (BT.2100: inverse OETF, then the OOTF's
/// system gamma 1.2, applied to luma alone).
static double twin_hlg_nits(double signal) {
    const double a = 0.17883277, b = 0.28466892, c = 0.55991073;
    double scene = signal <= 0.5 ? signal * signal / 3.0 : (exp((signal - c) / a) + b) / 12.0;
    return 1000.0 * pow(scene, 1.2);
}

/// Display light in nits of a PQ signal (0-1), SMPTE ST 2084's EOTF.
static double twin_pq_nits(double signal) {
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128;
    const double c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32, c3 = 2392.0 / 4096 * 32;
    double p = pow(signal, 1.0 / m2);
    double numerator = p - c1 > 0 ? p - c1 : 0;
    return 10000.0 * pow(numerator / (c2 - c3 * p), 1.0 / m1);
}

/// An SDR signal (0-1) for HDR display light: HDR reference white (203 nits, BT.2408) becomes SDR white,
/// highlights above 75% of it roll off softly towards it instead of clipping, then BT.1886's gamma 2.4.
static double twin_sdr_signal(double nits) {
    const double knee = 0.75;
    double x = nits / 203.0;
    double y = x <= knee ? x : knee + (1 - knee) * (x - knee) / ((x - knee) + (1 - knee));
    return pow(y < 0 ? 0 : y, 1 / 2.4);
}

int twin_frame_luma_supported(const AVFrame *frame) {
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    if (desc == NULL || desc->nb_components == 0) return 0;
    // Hardware surfaces hold no pixels here; float, Bayer and palette pictures no luma to read.
    uint64_t unsupported = AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_FLOAT | AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_PAL;
    if (desc->flags & unsupported) return 0;
    int colour = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    if (colour && desc->nb_components < 3) return 0;
    for (int c = 0; c < (colour ? 3 : 1) && c < desc->nb_components; c++) {
        if (desc->comp[c].depth < 1 || desc->comp[c].depth > 16) return 0;
    }
    return 1;
}

const char *twin_frame_pixel_format_name(const AVFrame *frame) {
    const char *name = av_get_pix_fmt_name((enum AVPixelFormat)frame->format);
    return name == NULL ? "unknown" : name;
}

int twin_frame_is_hdr(const AVFrame *frame) {
    return frame->color_trc == AVCOL_TRC_ARIB_STD_B67 || frame->color_trc == AVCOL_TRC_SMPTE2084;
}

int twin_frame_luma(const AVFrame *frame, uint8_t *out, size_t out_size) {
    if (frame == NULL || out == NULL || frame->width <= 0 || frame->height <= 0) return -1;
    size_t width = (size_t)frame->width, height = (size_t)frame->height;
    if (out_size < width * height || !twin_frame_luma_supported(frame)) return -1;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    int rgb = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    int depth = desc->comp[0].depth;
    if (frame->data[desc->comp[0].plane] == NULL) return -1;
    int hdr = twin_frame_is_hdr(frame);

    // 8-bit planar luma, SDR: the plane as it is (the face checks were calibrated on these values).
    if (!rgb && !hdr && depth == 8 && desc->comp[0].step == 1 && desc->comp[0].shift == 0 && desc->comp[0].offset == 0
        && !(desc->flags & AV_PIX_FMT_FLAG_BITSTREAM)) {
        const uint8_t *plane = frame->data[desc->comp[0].plane];
        int stride = frame->linesize[desc->comp[0].plane];
        if (stride < frame->width) return -1;
        for (size_t row = 0; row < height; row++) memcpy(out + row * width, plane + row * (size_t)stride, width);
        return 0;
    }

    // One table from code value to 8-bit luma. SDR keeps the top 8 bits (the same range as 8-bit video);
    // HDR goes through its display light and back to an SDR signal in the picture's own range.
    size_t codes = (size_t)1 << depth;
    uint8_t *table = malloc(codes);
    if (table == NULL) return -1;
    // Limited ("TV") range unless the frame says full (yuvj formats do); RGB is full.
    int full = rgb || frame->color_range == AVCOL_RANGE_JPEG;
    double unit = ldexp(1.0, depth - 8); // one 8-bit code step at this depth
    for (size_t code = 0; code < codes; code++) {
        double value;
        if (!hdr) {
            value = depth >= 8 ? (double)(code >> (depth - 8)) : (double)code * 255.0 / (double)(codes - 1);
        } else {
            double signal = full ? (double)code / (double)(codes - 1) : ((double)code - 16 * unit) / (219 * unit);
            signal = signal < 0 ? 0 : (signal > 1 ? 1 : signal);
            double nits = frame->color_trc == AVCOL_TRC_SMPTE2084 ? twin_pq_nits(signal) : twin_hlg_nits(signal);
            double sdr = twin_sdr_signal(nits);
            value = full ? sdr * 255 : 16 + sdr * 219;
        }
        table[code] = (uint8_t)(value < 0 ? 0 : (value > 255 ? 255 : value + 0.5));
    }

    // Little-endian 9-16-bit planar luma (yuv420p10le, p010le after its shift): read directly.
    const uint16_t one = 1;
    int little_endian_host = *(const uint8_t *)&one == 1;
    if (!rgb && depth > 8 && desc->comp[0].step == 2 && desc->comp[0].offset == 0
        && !(desc->flags & AV_PIX_FMT_FLAG_BE) && little_endian_host) {
        const uint8_t *plane = frame->data[desc->comp[0].plane];
        int stride = frame->linesize[desc->comp[0].plane];
        if (stride < 2 * frame->width) { free(table); return -1; }
        int shift = desc->comp[0].shift;
        uint16_t mask = (uint16_t)(codes - 1);
        for (size_t row = 0; row < height; row++) {
            const uint16_t *source = (const uint16_t *)(plane + row * (size_t)stride);
            uint8_t *target = out + row * width;
            for (size_t x = 0; x < width; x++) target[x] = table[(source[x] >> shift) & mask];
        }
        free(table);
        return 0;
    }

    // Everything else through libavutil's generic reader: packed, big-endian, bitstream, RGB.
    uint16_t line[3][4096];
    const uint8_t *data[4] = { frame->data[0], frame->data[1], frame->data[2], frame->data[3] };
    int linesize[4] = { frame->linesize[0], frame->linesize[1], frame->linesize[2], frame->linesize[3] };
    int components = rgb ? 3 : 1;
    for (size_t row = 0; row < height; row++) {
        for (size_t x0 = 0; x0 < width; x0 += 4096) {
            int count = (int)(width - x0 < 4096 ? width - x0 : 4096);
            for (int c = 0; c < components; c++) {
                av_read_image_line2(line[c], data, linesize, desc, (int)x0, (int)row, c, count, 0, 2);
            }
            uint8_t *target = out + row * width + x0;
            for (int x = 0; x < count; x++) {
                uint32_t code = line[0][x];
                if (rgb) {
                    // BT.709 weights; descriptors list every RGB layout's components as R, G, B (gbrp too).
                    code = (uint32_t)(0.2126 * line[0][x] + 0.7152 * line[1][x] + 0.0722 * line[2][x] + 0.5);
                }
                target[x] = table[code & (codes - 1)];
            }
        }
    }
    free(table);
    return 0;
}
