#include "output_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "run.hpp"

namespace prorata::sim {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw io_error(what + " " + path + ": " + std::strerror(err));
}

// The temporary file a signal must remove: its path is copied here before
// the handler may run, so that the handler only calls unlink and _exit (both
// async-signal-safe). One output_file per process writes a temporary file.
constexpr int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
char pending_temp[4096];
volatile std::sig_atomic_t have_pending_temp = 0;

extern "C" void remove_temp_and_exit(int sig) {
  if (have_pending_temp != 0) ::unlink(pending_temp);
  ::_exit(128 + sig);  // the shell's convention for "ended by signal sig"
}

/// Blocks the cleanup signals while the temporary file is created and
/// registered, so that none arrives in between; restores the mask on exit.
class signals_blocked {
 public:
  signals_blocked() {
    sigset_t set;
    sigemptyset(&set);
    for (const int sig : cleanup_signals) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~signals_blocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  signals_blocked(const signals_blocked&) = delete;
  signals_blocked& operator=(const signals_blocked&) = delete;

 private:
  sigset_t old_{};
};

/// Registers `temp` for removal on a signal (an ignored signal stays ignored,
/// as for `nohup`). False if the path does not fit (then no handler runs).
bool register_temp(const std::string& temp) {
  if (temp.size() >= sizeof pending_temp) return false;
  std::memcpy(pending_temp, temp.c_str(), temp.size() + 1);
  have_pending_temp = 1;
  for (const int sig : cleanup_signals) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;
    struct sigaction act {};
    act.sa_handler = remove_temp_and_exit;
    sigemptyset(&act.sa_mask);
    for (const int other : cleanup_signals) sigaddset(&act.sa_mask, other);
    ::sigaction(sig, &act, nullptr);
  }
  return true;
}

void unregister_temp() { have_pending_temp = 0; }

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
  // A symlink to a file: the ledger replaces the file it points to and the
  // link stays (a dangling link is replaced by the ledger).
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    if (char* resolved = ::realpath(path.c_str(), nullptr)) {
      target_ = resolved;
      std::free(resolved);
    }
  }
  const std::string& where = target_.empty() ? path : target_;
  std::vector<char> name(where.begin(), where.end());
  const std::string suffix = ".tmp-XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  int fd = -1;
  {
    const signals_blocked blocked;
    fd = ::mkstemp(name.data());
    if (fd >= 0) registered_ = register_temp(name.data());
  }
  if (fd < 0) fail("cannot create a temporary file next to", path, errno);
  temp_ = name.data();
  // mkstemp makes it 0600; a ledger gets the mode of any new file (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
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
    const std::string& target = target_.empty() ? path_ : target_;
    if (!temp_.empty() && std::rename(temp_.c_str(), target.c_str()) != 0) {
      fail("cannot rename " + temp_ + " to", path_, errno);
    }
  }
  if (registered_) unregister_temp();  // after the rename: a signal before it still cleans up
  committed_ = true;
}

void output_file::discard() noexcept {
  if (owns_ && file_) std::fclose(file_);
  file_ = nullptr;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  if (registered_) unregister_temp();
}

}  // namespace prorata::sim
