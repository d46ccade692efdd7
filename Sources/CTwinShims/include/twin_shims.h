#ifndef TWIN_SHIMS_H
#define TWIN_SHIMS_H
/// The C shim: everything Swift cannot do safely with FFmpeg, libjpeg and libpng
/// (setjmp/longjmp error handling, function-like macros). Every symbol is prefixed `twin_`.
#include <stddef.h>
#include <stdint.h>
#include <twin_pixels.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>

/// Version of the shim, so Swift can check it linked the right one.
int twin_shims_version(void);

// MARK: - Still images (libjpeg, libpng)

/// Outcome of `twin_jpeg_check` / `twin_png_check`.
typedef enum {
    TWIN_IMAGE_OK = 0,
    /// The file could not be opened or read.
    TWIN_IMAGE_UNREADABLE = 1,
    /// The library rejected the data (bad header, CRC, truncated or damaged stream).
    TWIN_IMAGE_CORRUPT = 2,
    /// width * height exceeds `max_pixels`; nothing was decoded.
    TWIN_IMAGE_TOO_LARGE = 3,
} twin_image_status;

/// What the image libraries found; `message` holds the library's own words on failure.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// Warnings the library emitted while decoding (libjpeg reports truncation as one).
    int32_t warnings;
    /// Rows actually decoded.
    uint32_t rows_decoded;
    /// 1 for a four-channel CMYK or YCCK JPEG, 0 otherwise.
    int32_t cmyk;
    /// 1 when that CMYK JPEG carries an Adobe APP14 marker: Adobe stores CMYK inverted (0 = full ink).
    int32_t cmyk_inverted;
    char message[200];
} twin_image_info;

/// Reads a JPEG's header and, if `decode` is non-zero and the header's pixel count is at most
/// `max_pixels`, decodes the whole bitstream into one reused row buffer (at 1/8 scale: every
/// block is still entropy-decoded, the expensive pixel work is skipped). libjpeg's `error_exit`
/// longjmps back into this function; any warning (e.g. JWRN_JPEG_EOF for a cut-off scan,
/// which libjpeg would otherwise paper over with grey) makes the result TWIN_IMAGE_CORRUPT.
twin_image_status twin_jpeg_check(const char *path, uint64_t max_pixels, int decode, twin_image_info *info);

/// The same for PNG through libpng's progressive-row API (interlaced images too): header first,
/// the pixel guard, then every row of every pass into one reused row buffer and the end chunks,
/// so CRC errors and missing or short image data are caught.
twin_image_status twin_png_check(const char *path, uint64_t max_pixels, int decode, twin_image_info *info);

/// A greyscale picture decoded at a working size (rows packed, `width` bytes each), owned by the
/// caller once returned: release it with `twin_grey_free`.
typedef struct {
    uint8_t *pixels;
    uint32_t width;
    uint32_t height;
} twin_grey_image;

/// `twin_jpeg_check` with the pixels kept: the same header, pixel guard and whole-bitstream
/// decode, but in greyscale (the luma channel, no colour conversion; CMYK and YCCK, Adobe's inverted
/// CMYK too, go through RGB to luma) at libjpeg's largest 1/N
/// scale whose long side is still at least `long_side`, then box-averaged by a whole factor to
/// about `long_side`. Stored orientation (EXIF is the caller's business). On any status but
/// TWIN_IMAGE_OK, `grey->pixels` is NULL.
twin_image_status twin_jpeg_decode_grey(const char *path, uint64_t max_pixels, uint32_t long_side,
                                        twin_image_info *info, twin_grey_image *grey);

/// `twin_png_check` with the pixels kept in greyscale (palette, alpha and 16-bit reduced by
/// libpng), box-averaged by a whole factor to about `long_side`.
twin_image_status twin_png_decode_grey(const char *path, uint64_t max_pixels, uint32_t long_side,
                                       twin_image_info *info, twin_grey_image *grey);

/// Frees a picture from `twin_jpeg_decode_grey` / `twin_png_decode_grey` (NULL pixels are fine).
void twin_grey_free(twin_grey_image *grey);

/// Area-averages `grey` in place down to a long side of exactly `long_side` (a smaller picture is
/// left as it is); returns 0, or -1 when the picture is empty.
int twin_grey_shrink(twin_grey_image *grey, uint32_t long_side);

/// A colour picture, 8-bit sRGB-like R, G, B packed (`width * 3` bytes a row), owned by the caller once
/// returned: release it with `twin_rgb_free`. Only the HTML report's thumbnails use colour.
typedef struct {
    uint8_t *pixels;
    uint32_t width;
    uint32_t height;
} twin_rgb_image;

/// Frees a colour picture (NULL pixels are fine).
void twin_rgb_free(twin_rgb_image *rgb);

/// `twin_grey_shrink` for a colour picture, each channel averaged alike.
int twin_rgb_shrink(twin_rgb_image *rgb, uint32_t long_side);

/// `twin_jpeg_decode_grey` that also keeps the picture in colour at the same size in `rgb` (the same single decode:
/// YCbCr's luma plane is the grey copy, unchanged, and its chroma makes the colour). Greyscale JPEGs come out
/// with three equal channels; CMYK and YCCK go through the same ink-to-RGB conversion as their luma.
twin_image_status twin_jpeg_decode_grey_rgb(const char *path, uint64_t max_pixels, uint32_t long_side,
                                            twin_image_info *info, twin_grey_image *grey, twin_rgb_image *rgb);

/// The PNG in colour (palette expanded, 16-bit reduced, alpha dropped, grey as three equal channels),
/// box-averaged to about `long_side`: a second decode, for the report only. A picture over
/// `TWIN_PNG_MAX_RGB_PIXELS` is not decoded in colour (TWIN_IMAGE_TOO_LARGE, nothing allocated).
twin_image_status twin_png_decode_rgb(const char *path, uint64_t max_pixels, uint32_t long_side,
                                      twin_image_info *info, twin_rgb_image *rgb);

/// The most pixels `twin_png_decode_rgb` holds whole (3 bytes each): 16 MP, 48 MB.
#define TWIN_PNG_MAX_RGB_PIXELS (16u << 20)

/// Encodes `width` x `height` packed pixels of `components` bytes each (1: grey, 3: RGB; `size` bytes, at least
/// width * height * components) as a baseline JPEG at `quality` (1-100) in memory, behind setjmp like the
/// decoders: on TWIN_IMAGE_OK `*jpeg` holds `*jpeg_size` bytes the caller frees with `twin_jpeg_free`; otherwise
/// it is NULL and `info->message` says why.
twin_image_status twin_jpeg_encode(const void *pixels, size_t size, uint32_t width, uint32_t height, int components,
                                   int quality, void **jpeg, size_t *jpeg_size, twin_image_info *info);

/// Frees the bytes of `twin_jpeg_encode` (NULL is allowed).
void twin_jpeg_free(void *jpeg);

// MARK: - FFmpeg macros Swift cannot import

static inline int twin_averror(int errnum) { return AVERROR(errnum); }
static inline int twin_averror_eof(void) { return AVERROR_EOF; }
static inline int twin_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int twin_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int64_t twin_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational twin_av_time_base_q(void) { return AV_TIME_BASE_Q; }

/// The counter-clockwise rotation (degrees, as `av_display_rotation_get` returns it) of the
/// stream's display matrix side data; sets `*present` to 0 when the stream has none.
double twin_stream_display_rotation(const AVStream *stream, int *present);

// MARK: - Video pictures to luma

/// 1 when `twin_frame_luma` can read this frame's pixel format: any 1-16-bit YUV, grey or RGB layout,
/// planar or packed; 0 for hardware surfaces, float, Bayer and palette formats.
int twin_frame_luma_supported(const AVFrame *frame);

/// The frame's pixel format name (`yuv420p10le`), or "unknown".
const char *twin_frame_pixel_format_name(const AVFrame *frame);

/// 1 when the frame's transfer is HLG (ARIB STD-B67) or PQ (SMPTE ST 2084).
int twin_frame_is_hdr(const AVFrame *frame);

/// Writes the frame's luma as 8-bit packed rows (`out` holds at least width * height bytes). 8-bit SDR
/// luma is copied as it is; deeper SDR keeps its top 8 bits; RGB is weighted to luma (BT.709); HLG and
/// PQ are tone-mapped from display light to an SDR signal in the frame's own range. Returns 0, or -1
/// for a format `twin_frame_luma_supported` refuses or a frame without pixels.
int twin_frame_luma(const AVFrame *frame, uint8_t *out, size_t out_size);

/// The frame in colour, area-averaged to `out_width` x `out_height` (at most the frame's size) into `rgb`
/// (`out_width * out_height * 3` bytes). `luma` is the frame's full-size luma from `twin_frame_luma`, so HLG
/// and PQ keep its tone mapping; the chroma planes are read at their own resolution and turned to RGB with the
/// frame's matrix (BT.601, BT.709 or BT.2020; unspecified: BT.709 from 720 rows up) and range. Grey formats give
/// three equal channels. Returns 0, or -1 for a format `twin_frame_luma_supported` refuses, a bad size or no memory.
int twin_frame_rgb(const AVFrame *frame, const uint8_t *luma, uint32_t out_width, uint32_t out_height, uint8_t *rgb);

/// Silences FFmpeg's own logging to stderr (findings carry the errors instead).
void twin_av_quiet(void);

#endif
