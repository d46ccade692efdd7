// The trust checks of the model cache (see model_cache.h).
#include "model_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>

namespace twin_faces {
namespace {

constexpr char temporary_prefix[] = ".incoming-";
constexpr size_t temporary_name_length = sizeof temporary_prefix - 1 + 6;  // mkstemp's XXXXXX
constexpr time_t stale_temporary_seconds = 60;

/// Owned by the current user and writable by no one else.
bool owned_and_private(const struct stat &status) {
    return status.st_uid == ::geteuid() && (status.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/// A folder others cannot swap: owned by the current user or root, and either not writable by group or others or
/// sticky (as /tmp is, where no one may rename another user's entry).
bool safe_parent(const std::string &path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)) return false;
    if (status.st_uid != ::geteuid() && status.st_uid != 0) return false;
    return (status.st_mode & (S_IWGRP | S_IWOTH)) == 0 || (status.st_mode & S_ISVTX) != 0;
}

/// Removes `.incoming-XXXXXX` files of ours older than a minute: a process killed mid-write leaves one behind.
void sweep_stale_temporaries(const std::string &directory) {
    DIR *folder = ::opendir(directory.c_str());
    if (folder == nullptr) return;
    time_t now = std::time(nullptr);
    while (const struct dirent *entry = ::readdir(folder)) {
        if (std::strlen(entry->d_name) != temporary_name_length
            || std::strncmp(entry->d_name, temporary_prefix, sizeof temporary_prefix - 1) != 0) {
            continue;
        }
        struct stat status {};
        if (::fstatat(::dirfd(folder), entry->d_name, &status, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(status.st_mode)
            && status.st_uid == ::geteuid() && now - status.st_mtime > stale_temporary_seconds) {
            ::unlinkat(::dirfd(folder), entry->d_name, 0);
        }
    }
    ::closedir(folder);
}

/// Reads exactly `size` bytes at `offset`; false on a short read (the file shrank) or an error.
bool read_fully(int descriptor, char *into, size_t size, off_t offset) {
    size_t done = 0;
    while (done < size) {
        ssize_t count = ::pread(descriptor, into + done, size - done, offset + static_cast<off_t>(done));
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return false;
        done += static_cast<size_t>(count);
    }
    return true;
}

}  // namespace

std::string trusted_cache_directory() {
    std::string parent;
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
        parent = xdg;
    } else if (const char *home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
        parent = std::string(home) + "/.cache";
    } else {
        return "";
    }
    ::mkdir(parent.c_str(), 0700);
    std::string directory = parent + "/twin-preflight";
    ::mkdir(directory.c_str(), 0700);
    struct stat status {};
    if (!safe_parent(parent) || ::lstat(directory.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)
        || !owned_and_private(status)) {
        return "";
    }
    static std::once_flag swept;
    std::call_once(swept, [&directory] { sweep_stale_temporaries(directory); });
    return directory;
}

std::shared_ptr<std::vector<char>> read_cache_file(const std::string &directory, const std::string &name, size_t header_size,
                                                   size_t max_size, const std::function<size_t(const char *)> &expected_size) {
    if (directory.empty()) return nullptr;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    int descriptor = ::open((directory + "/" + name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (descriptor < 0) return nullptr;
    std::shared_ptr<std::vector<char>> bytes;
    struct stat status {};
    if (::fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode) && owned_and_private(status)
        && static_cast<size_t>(status.st_size) >= header_size && static_cast<size_t>(status.st_size) <= max_size) {
        std::vector<char> header(header_size);
        size_t size = static_cast<size_t>(status.st_size);
        if (read_fully(descriptor, header.data(), header_size, 0) && expected_size(header.data()) == size) {
            bytes = std::make_shared<std::vector<char>>(size);
            if (!read_fully(descriptor, bytes->data(), size, 0)) bytes.reset();
        }
    }
    ::close(descriptor);
    return bytes;
}

void write_cache_file(const std::string &directory, const std::string &name, const std::vector<char> &bytes) {
    if (directory.empty()) return;
    std::string temporary = directory + "/" + temporary_prefix + "XXXXXX";
    int descriptor = ::mkstemp(temporary.data());
    if (descriptor < 0) return;
    size_t written = 0;
    while (written < bytes.size()) {
        ssize_t count = ::write(descriptor, bytes.data() + written, bytes.size() - written);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        written += static_cast<size_t>(count);
    }
    bool complete = ::close(descriptor) == 0 && written == bytes.size();
    if (!complete || ::rename(temporary.c_str(), (directory + "/" + name).c_str()) != 0) ::unlink(temporary.c_str());
}

}  // namespace twin_faces
