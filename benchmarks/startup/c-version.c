/* The floor for twin's start-up: a C program that links the same libraries as twin (benchmarks/startup.sh
 * links them with --no-as-needed, so the dynamic linker loads every one, as it does for twin) and prints the
 * versions a few of them report. Nothing else runs before main. */
#include <stdio.h> /* before jpeglib.h, which uses FILE */

#include <ebur128.h>
#include <jpeglib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
#include <png.h>
#include <pocketsphinx.h>

int main(void) {
    int major = 0, minor = 0, patch = 0;
    ebur128_get_version(&major, &minor, &patch);
    printf("%s libpng %s libavcodec %u libswresample %u libebur128 %d.%d.%d libjpeg %d %p\n", av_version_info(),
           png_get_libpng_ver(NULL), avcodec_version(), swresample_version(), major, minor, patch, JPEG_LIB_VERSION,
           (void *)ps_init);
    return 0;
}
