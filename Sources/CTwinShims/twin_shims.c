#include "twin_shims.h"
#include <libavutil/display.h>

int twin_shims_version(void) { return 2; }

double twin_stream_display_rotation(const AVStream *stream, int *present) {
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (matrix == NULL || size < 9 * sizeof(int32_t)) {
        *present = 0;
        return 0;
    }
    *present = 1;
    return av_display_rotation_get((const int32_t *)matrix);
}

void twin_av_quiet(void) { av_log_set_level(AV_LOG_QUIET); }
