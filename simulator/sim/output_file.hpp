#pragma once
// A ledger destination that never leaves a half-written file: a regular
// file is written under a temporary name in the same directory and renamed
// by commit(); stdout ("-") and non-regular files (/dev/null, pipes) are
// written directly. While a temporary file exists, SIGINT, SIGTERM, SIGHUP
// and SIGQUIT remove it and end the process with exit code 128 + the signal.

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
  /// True when the bytes go straight to their reader (stdout, a pipe, a
  /// device other than /dev/null): a failure cannot take them back.
  [[nodiscard]] bool streams_directly() const { return temp_.empty() && path_ != "/dev/null"; }

 private:
  void discard() noexcept;

  std::string path_;
  std::string target_;  ///< the file a symlink path_ points to, else empty
  std::string temp_;    ///< empty when writing directly
  std::FILE* file_ = nullptr;
  bool owns_ = false;  ///< false for stdout
  bool committed_ = false;
  bool registered_ = false;  ///< temp_ is removed by a signal handler
};

}  // namespace prorata::sim
