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

/// Whether the frame has a plane for each of its first `components` components: a decoder's frame does, a damaged
/// or hand-made one may not, and the readers below would follow a NULL plane.
static int twin_frame_has_planes(const AVFrame *frame, const AVPixFmtDescriptor *desc, int components) {
    for (int c = 0; c < components && c < desc->nb_components; c++) {
        if (frame->data[desc->comp[c].plane] == NULL || frame->linesize[desc->comp[c].plane] == 0) return 0;
    }
    return 1;
}

int twin_frame_luma(const AVFrame *frame, uint8_t *out, size_t out_size) {
    if (frame == NULL || out == NULL || frame->width <= 0 || frame->height <= 0) return -1;
    size_t width = (size_t)frame->width, height = (size_t)frame->height;
    if (out_size < width * height || !twin_frame_luma_supported(frame)) return -1;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    int rgb = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    int depth = desc->comp[0].depth;
    if (!twin_frame_has_planes(frame, desc, rgb ? 3 : 1)) return -1;
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

// MARK: - Video pictures in colour (the report's thumbnails)

/// The luma weights (Kr, Kb) of the frame's matrix: BT.601, BT.709 or BT.2020; unspecified: BT.709 from 720 rows up.
static void twin_frame_matrix(const AVFrame *frame, double *kr, double *kb) {
    switch (frame->colorspace) {
    case AVCOL_SPC_BT470BG: case AVCOL_SPC_SMPTE170M: case AVCOL_SPC_FCC:
        *kr = 0.299; *kb = 0.114; return;
    case AVCOL_SPC_BT2020_NCL: case AVCOL_SPC_BT2020_CL:
        *kr = 0.2627; *kb = 0.0593; return;
    case AVCOL_SPC_BT709:
        *kr = 0.2126; *kb = 0.0722; return;
    default:
        if (frame->height >= 720 || frame->width >= 1280) { *kr = 0.2126; *kb = 0.0722; } else { *kr = 0.299; *kb = 0.114; }
    }
}

/// An HDR pixel's non-linear BT.2020 R'G'B' signals (0-1) to SDR BT.709 signals, in place: each channel to display
/// light through the frame's transfer, BT.2020 primaries to BT.709 in light, then the luma's tone curve.
static void twin_hdr_to_sdr(const AVFrame *frame, double channels[3]) {
    double light[3];
    for (int c = 0; c < 3; c++) {
        double signal = channels[c] < 0 ? 0 : (channels[c] > 1 ? 1 : channels[c]);
        light[c] = frame->color_trc == AVCOL_TRC_SMPTE2084 ? twin_pq_nits(signal) : twin_hlg_nits(signal);
    }
    const double to709[3][3] = {
        { 1.6605, -0.5876, -0.0728 }, { -0.1246, 1.1329, -0.0083 }, { -0.0182, -0.1006, 1.1187 },
    };
    for (int c = 0; c < 3; c++) {
        double mixed = to709[c][0] * light[0] + to709[c][1] * light[1] + to709[c][2] * light[2];
        channels[c] = twin_sdr_signal(mixed < 0 ? 0 : mixed);
    }
}

int twin_frame_rgb(const AVFrame *frame, const uint8_t *luma, uint32_t out_width, uint32_t out_height, uint8_t *rgb) {
    if (frame == NULL || luma == NULL || rgb == NULL || frame->width <= 0 || frame->height <= 0) return -1;
    if (!twin_frame_luma_supported(frame)) return -1;
    size_t width = (size_t)frame->width, height = (size_t)frame->height;
    if (out_width == 0 || out_height == 0 || out_width > width || out_height > height) return -1;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)frame->format);
    if (!twin_frame_has_planes(frame, desc, 3)) return -1;
    int is_rgb = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    int has_chroma = !is_rgb && desc->nb_components >= 3;
    int hdr = twin_frame_is_hdr(frame);
    size_t cells = (size_t)out_width * out_height;
    // Per output pixel: three sums (luma and two chroma, or R, G, B) and two counts (luma, chroma samples).
    uint64_t *sums = calloc(cells * 3, sizeof(uint64_t));
    uint32_t *counts = calloc(cells * 2, sizeof(uint32_t));
    uint16_t *line = malloc(3 * width * sizeof(uint16_t));
    uint32_t *column = malloc(width * sizeof(uint32_t)); // each source column's output column
    if (sums == NULL || counts == NULL || line == NULL || column == NULL) {
        free(sums); free(counts); free(line); free(column);
        return -1;
    }
    for (size_t x = 0; x < width; x++) column[x] = (uint32_t)(x * out_width / width);
    const uint8_t *data[4] = { frame->data[0], frame->data[1], frame->data[2], frame->data[3] };
    int linesize[4] = { frame->linesize[0], frame->linesize[1], frame->linesize[2], frame->linesize[3] };
    int depth = desc->comp[is_rgb ? 0 : (has_chroma ? 1 : 0)].depth;
    int down = depth > 8 ? depth - 8 : 0; // to 8 bits
    if (is_rgb) {
        // RGB: its own components, full range, top 8 bits (HDR RGB video is not something phones write).
        for (size_t y = 0; y < height; y++) {
            size_t oy = y * out_height / height;
            for (int c = 0; c < 3; c++) {
                av_read_image_line2(line + c * width, data, linesize, desc, 0, (int)y, c, (int)width, 0, 2);
            }
            for (size_t x = 0; x < width; x++) {
                size_t cell = oy * out_width + column[x];
                for (int c = 0; c < 3; c++) sums[3 * cell + c] += line[c * width + x] >> down;
                counts[2 * cell] += 1;
            }
        }
    } else if (hdr && has_chroma) {
        // HDR: the luma's own codes (converted below together with the chroma, channel by channel).
        for (size_t y = 0; y < height; y++) {
            size_t oy = y * out_height / height;
            av_read_image_line2(line, data, linesize, desc, 0, (int)y, 0, (int)width, 0, 2);
            for (size_t x = 0; x < width; x++) {
                size_t cell = oy * out_width + column[x];
                sums[3 * cell] += line[x];
                counts[2 * cell] += 1;
            }
        }
    } else {
        for (size_t y = 0; y < height; y++) {
            size_t oy = y * out_height / height;
            const uint8_t *source = luma + y * width;
            for (size_t x = 0; x < width; x++) {
                size_t cell = oy * out_width + column[x];
                sums[3 * cell] += source[x];
                counts[2 * cell] += 1;
            }
        }
    }
    if (has_chroma) {
        size_t chroma_w = (width + ((size_t)1 << desc->log2_chroma_w) - 1) >> desc->log2_chroma_w;
        size_t chroma_h = (height + ((size_t)1 << desc->log2_chroma_h) - 1) >> desc->log2_chroma_h;
        // A chroma sample counts for every luma pixel it covers, so no output pixel is left without colour.
        size_t span_h = (size_t)1 << desc->log2_chroma_h;
        for (size_t cy = 0; cy < chroma_h; cy++) {
            for (int c = 1; c <= 2; c++) {
                av_read_image_line2(line + c * width, data, linesize, desc, 0, (int)cy, c, (int)chroma_w, 0, 2);
            }
            for (size_t y = cy * span_h; y < (cy + 1) * span_h && y < height; y++) {
                size_t oy = y * out_height / height;
                for (size_t x = 0; x < width; x++) {
                    size_t cx = x >> desc->log2_chroma_w, cell = oy * out_width + column[x];
                    sums[3 * cell + 1] += line[width + cx];
                    sums[3 * cell + 2] += line[2 * width + cx];
                    counts[2 * cell + 1] += 1;
                }
            }
        }
    }
    double kr, kb;
    twin_frame_matrix(frame, &kr, &kb);
    double kg = 1 - kr - kb;
    int full = frame->color_range == AVCOL_RANGE_JPEG;
    double chroma_unit = ldexp(1.0, depth - 8 > 0 ? depth - 8 : 0); // one 8-bit step at the chroma's depth
    for (size_t cell = 0; cell < cells; cell++) {
        uint8_t *out = rgb + 3 * cell;
        uint32_t n = counts[2 * cell] ? counts[2 * cell] : 1;
        if (is_rgb) {
            for (int c = 0; c < 3; c++) out[c] = (uint8_t)((sums[3 * cell + c] + n / 2) / n);
            continue;
        }
        // 8-bit luma in the picture's range; for HDR its own codes at the chroma's depth.
        double value = (double)sums[3 * cell] / n, unit = hdr && has_chroma ? chroma_unit : 1;
        double luma_signal = full ? value / (255 * unit) : (value - 16 * unit) / (219 * unit);
        double cb = 0, cr = 0;
        uint32_t m = counts[2 * cell + 1];
        if (has_chroma && m > 0) {
            double mid = 128 * chroma_unit, span = (full ? 255 : 224) * chroma_unit;
            cb = ((double)sums[3 * cell + 1] / m - mid) / span;
            cr = ((double)sums[3 * cell + 2] / m - mid) / span;
        }
        double r = luma_signal + 2 * (1 - kr) * cr;
        double b = luma_signal + 2 * (1 - kb) * cb;
        double g = (luma_signal - kr * r - kb * b) / kg;
        double channels[3] = { r, g, b };
        if (hdr && has_chroma) twin_hdr_to_sdr(frame, channels);
        for (int c = 0; c < 3; c++) {
            double v = channels[c] * 255 + 0.5;
            out[c] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
    }
    free(sums);
    free(counts);
    free(line);
    free(column);
    return 0;
}
