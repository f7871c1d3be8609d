// Writing an uploaded file so that no reader ever sees it half written, and removing one only
// when it lies inside the directory it belongs to.
#pragma once

#include <filesystem>
#include <string_view>

namespace ruoyi::files {

// Writes `bytes` to dir/name through a temp file in the same directory (".<name>.tmp-<random>",
// created exclusively, never followed through a symlink): written fully, fsync'ed, renamed over
// dir/name, the directory fsync'ed. On any failure (a full disk, EFBIG, EIO) the temp file is
// removed and std::system_error is thrown: dir/name is either the whole new file or untouched.
// Blocking: callers on an event loop offload it.
void write_file_atomically(const std::filesystem::path& dir, std::string_view name, std::string_view bytes);

// The same, but dir/name is created exclusively: false (nothing written) when the name exists.
// The temp file is linked in (link(2) never replaces), so two writers racing for one name cannot
// both win. Throws std::system_error like write_file_atomically. Blocking.
bool write_new_file_atomically(const std::filesystem::path& dir, std::string_view name, std::string_view bytes);

// Removes `path` if it is a regular file (not a symlink) whose real parent directory lies inside
// the real `root`; anything else is left alone. Returns whether a file was removed; never throws.
bool remove_file_inside(const std::filesystem::path& root, const std::filesystem::path& path) noexcept;

// True when no component of `path` below `root` (root itself excluded) is a symlink, and `path` is
// a regular file: what may be served from an upload directory. Never throws.
bool regular_file_without_symlinks(const std::filesystem::path& root, const std::filesystem::path& path) noexcept;

}  // namespace ruoyi::files
