// OpenBLAS (Debian's libopenblas0-pthread, the BLAS dlib's face-recognition network runs on) starts a server thread
// per extra core when it is loaded, and each spins with sched_yield for about 0.1 s of a core after loading and after
// every threaded call before it sleeps. twin already checks files side by side, one per core, so those threads buy
// nothing and cost about 60 ms of CPU a process (a fifth of `twin --version`, a tenth of a 20-session validate,
// measured: docs/performance.md). So, once loaded, OpenBLAS is made single-threaded and its server threads are
// stopped. Found through dlsym: the reference BLAS, which has neither function, is left as it is; and a process
// whose user set OPENBLAS_NUM_THREADS (or GOTO_NUM_THREADS, OMP_NUM_THREADS) keeps what they chose.
#include "twin_faces.h"
#include <dlfcn.h>
#include <stdlib.h>

namespace {

using set_threads_function = void (*)(int);
using get_threads_function = int (*)(void);
using shutdown_function = int (*)(void);

bool user_chose_blas_threads() {
    return getenv("OPENBLAS_NUM_THREADS") != nullptr || getenv("GOTO_NUM_THREADS") != nullptr
        || getenv("OMP_NUM_THREADS") != nullptr;
}

// Runs after OpenBLAS's own initialiser: a shared library's initialisers run before those of what links it.
__attribute__((constructor)) void make_blas_single_threaded() {
    if (user_chose_blas_threads()) return;
    auto set_threads = reinterpret_cast<set_threads_function>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    auto shutdown = reinterpret_cast<shutdown_function>(dlsym(RTLD_DEFAULT, "blas_thread_shutdown_"));
    if (set_threads == nullptr || shutdown == nullptr) return;
    set_threads(1);
    // No other thread exists yet, so none is inside a BLAS call: the server threads are told to leave and joined.
    shutdown();
    // The first BLAS call would start the server again with the thread count it found at load (its own exported
    // count, which openblas_set_num_threads never lowers): one thread, the caller's, starts none.
    if (auto server_threads = static_cast<int *>(dlsym(RTLD_DEFAULT, "blas_num_threads"))) *server_threads = 1;
}

}  // namespace

extern "C" int twin_faces_blas_threads(void) {
    auto get_threads = reinterpret_cast<get_threads_function>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return get_threads == nullptr ? -1 : get_threads();
}
