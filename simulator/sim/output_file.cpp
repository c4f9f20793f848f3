#include "output_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "run.hpp"

namespace prorata::sim {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw io_error(what + " " + path + ": " + std::strerror(err));
}

}  // namespace

output_file::output_file(const std::string& path) : path_(path) {
  if (path == "-") {
    file_ = stdout;
    return;
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {  // /dev/null, a pipe: nothing to rename
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) fail("cannot open", path, errno);
    owns_ = true;
    return;
  }
  std::vector<char> name(path.begin(), path.end());
  const std::string suffix = ".tmp-XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail("cannot create a temporary file next to", path, errno);
  temp_ = name.data();
  ::fchmod(fd, 0644);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp_.c_str());
    fail("cannot open", temp_, err);
  }
  owns_ = true;
}

output_file::~output_file() {
  if (!committed_) discard();
}

void output_file::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    fail("cannot write", temp_.empty() ? path_ : temp_, errno);
  }
}

void output_file::commit() {
  if (std::fflush(file_) != 0) fail("cannot write", temp_.empty() ? path_ : temp_, errno);
  if (owns_) {
    std::FILE* f = file_;
    file_ = nullptr;
    if (!temp_.empty() && ::fsync(::fileno(f)) != 0) {
      const int err = errno;
      std::fclose(f);
      fail("cannot write", temp_, err);
    }
    if (std::fclose(f) != 0) fail("cannot write", temp_.empty() ? path_ : temp_, errno);
    if (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0) {
      fail("cannot rename " + temp_ + " to", path_, errno);
    }
  }
  committed_ = true;
}

void output_file::discard() noexcept {
  if (owns_ && file_) std::fclose(file_);
  file_ = nullptr;
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

}  // namespace prorata::sim
