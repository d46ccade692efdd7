// The user cache of flat model copies ($XDG_CACHE_HOME/twin-preflight or ~/.cache/twin-preflight): the trust
// checks every cached model goes through, in one place. A cache is a speed-up, never an input to believe:
//   - the folder is trusted only when it is a real folder (not a link) owned by the current user and not writable
//     by group or others, as ssh and git judge theirs; otherwise the cache is not read or written at all;
//   - a file is opened without following links and without blocking (a FIFO answers at once), and is trusted only
//     when it is a regular file owned by the current user, not writable by group or others, and exactly the size
//     its header promises (checked before anything past the header is read, so a sparse giant costs nothing);
//   - its bytes are read into private memory, so another process truncating or rewriting the file afterwards
//     changes nothing the caller holds (a mapping would fault, or show the new bytes).
#ifndef TWIN_MODEL_CACHE_H
#define TWIN_MODEL_CACHE_H

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace twin_faces {

/// The cache folder, created (mode 0700) when missing, or "" when there is none or it cannot be trusted.
/// The first call in a process also removes temporary files of ours (`.incoming-XXXXXX`) older than a minute,
/// left by a process killed while writing.
std::string trusted_cache_directory();

/// The whole of the cache file `name` in the trusted folder, in private memory, or nullptr when it is missing,
/// untrusted, or not the size `expected_size` computes from its first `header_size` bytes (0 refuses the header).
/// `max_size` bounds what is ever read.
std::shared_ptr<std::vector<char>> read_cache_file(const std::string &directory, const std::string &name, size_t header_size,
                                                   size_t max_size, const std::function<size_t(const char *)> &expected_size);

/// Writes `bytes` as the cache file `name` in `directory` through a temporary file and a rename (no reader sees half
/// a file). Failures are ignored: a cache that cannot be written costs time, never a result.
void write_cache_file(const std::string &directory, const std::string &name, const std::vector<char> &bytes);

}  // namespace twin_faces

#endif
