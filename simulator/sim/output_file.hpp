#pragma once
// A ledger destination that never leaves a half-written file: a regular
// file is written under a temporary name in the same directory and renamed
// by commit(); stdout ("-") and non-regular files (/dev/null, pipes) are
// written directly.

#include <cstdio>
#include <string>
#include <string_view>

namespace prorata::sim {

class output_file {
 public:
  /// Opens `path` ("-" is stdout). Throws io_error naming the path.
  explicit output_file(const std::string& path);
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  /// Removes the temporary file unless commit() succeeded.
  ~output_file();

  /// Throws io_error on a write error.
  void write(std::string_view bytes);
  /// Flushes and renames the temporary file into place. Throws io_error.
  void commit();

 private:
  void discard() noexcept;

  std::string path_;
  std::string temp_;  ///< empty when writing directly
  std::FILE* file_ = nullptr;
  bool owns_ = false;  ///< false for stdout
  bool committed_ = false;
};

}  // namespace prorata::sim
