#ifndef TWIN_SHIMS_H
#define TWIN_SHIMS_H
/// The C shim: everything Swift cannot do safely with FFmpeg, libjpeg and libpng
/// (setjmp/longjmp error handling, function-like macros). Every symbol is prefixed `twin_`.
#include <stddef.h>
#include <stdint.h>
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

/// Silences FFmpeg's own logging to stderr (findings carry the errors instead).
void twin_av_quiet(void);

#endif
