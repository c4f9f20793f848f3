#include "run.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <prorata/dodo.hpp>

#include "ledger_format.hpp"
#include "output_file.hpp"
#include "replay.hpp"
#include "scenario_json.hpp"
#include "subscription_line.hpp"

namespace prorata::sim {
namespace {

/// Subscriptions per unit of work: large enough to amortise the hand-offs,
/// small enough to keep memory bounded (see max_batches_in_flight).
constexpr std::size_t batch_size = 256;

/// An input_error from a reader, with the file (and line) in front. For a
/// JSON Lines syntax error (`one_line`), "line 1, column C" of the line's own
/// text becomes "column C" after "file:line".
scenario_error located(const std::string& source, const dodo::input_error& e,
                       bool one_line = true) {
  std::string what = e.what();
  if (one_line && e.pointer().empty() && what.rfind("line 1, ", 0) == 0) what.erase(0, 8);
  return scenario_error(source + ": " + what);
}

std::string display_name(const std::string& path) { return path == "-" ? "(stdin)" : path; }

/// "N bytes (M MiB)".
std::string bytes_text(std::size_t n) {
  return std::to_string(n) + " bytes (" + std::to_string(n >> 20) + " MiB)";
}

/// Reads a whole file ("-" is stdin) of at most `max` bytes (`what` names
/// it in the message when it is larger).
std::string read_all(const std::string& path, std::size_t max, const char* what) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) throw io_error("cannot open " + path + ": " + std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    text.append(buf, n);
    if (text.size() > max) {
      if (f != stdin) std::fclose(f);
      throw scenario_error(display_name(path) + ": input larger than " + bytes_text(max) +
                           ", the limit for " + what);
    }
  }
  const bool bad = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (bad) throw io_error("cannot read " + path);
  return text;
}

/// Lines of a JSON Lines file, read one at a time, each at most
/// limits::max_line_bytes long (a longer line is a scenario_error, found
/// without holding more than the limit in memory).
class line_reader {
 public:
  explicit line_reader(const std::string& path)
      : name_(display_name(path)), file_(path == "-" ? stdin : std::fopen(path.c_str(), "rb")) {
    if (!file_) throw io_error("cannot open " + path + ": " + std::strerror(errno));
    buf_.resize(1 << 16);
  }
  ~line_reader() {
    if (file_ && file_ != stdin) std::fclose(file_);
  }
  line_reader(const line_reader&) = delete;
  line_reader& operator=(const line_reader&) = delete;

  /// The next line that is not blank; false at the end.
  bool next(std::string& line, std::size_t& number) {
    for (;;) {
      line.clear();
      if (!read_line(line)) return false;
      ++line_;
      std::size_t len = line.size();
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) --len;
      if (len > dodo::limits::max_line_bytes) too_long(line_);
      line.resize(len);
      if (std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; })) {
        continue;
      }
      number = line_;
      return true;
    }
  }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  [[noreturn]] void too_long(std::size_t number) const {
    throw scenario_error(name_ + ":" + std::to_string(number) + ": a line longer than " +
                         bytes_text(dodo::limits::max_line_bytes) +
                         ", the limit for one JSON Lines line");
  }
  /// Appends the next line (with its '\n', if any) to `line`; false at the end.
  bool read_line(std::string& line) {
    constexpr std::size_t max = dodo::limits::max_line_bytes;
    for (;;) {
      if (pos_ == end_) {
        if (eof_) return !line.empty();
        end_ = std::fread(buf_.data(), 1, buf_.size(), file_);
        pos_ = 0;
        if (end_ == 0) {
          if (std::ferror(file_)) throw io_error("cannot read " + name_);
          eof_ = true;
          return !line.empty();
        }
      }
      const char* start = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const std::size_t take = nl ? static_cast<std::size_t>(nl - start) + 1 : end_ - pos_;
      line.append(start, take);
      pos_ += take;
      // The limit counts the line without its "\r\n"; allow for them here.
      if (line.size() > max + 2) too_long(line_ + 1);
      if (nl) return true;
    }
  }

  std::string name_;
  std::FILE* file_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::size_t line_ = 0;
};

/// One unit of work and, once done, its output. Batches are recycled once
/// written, so their lines and output keep their capacity: no allocation
/// per line or per row in the steady state.
struct batch {
  std::vector<std::string> lines;  // JSON Lines: the first line_count are this batch's
  std::size_t line_count = 0;
  std::vector<std::size_t> line_numbers;
  std::size_t first_spec = 0;  // single document: a range of its subscriptions
  std::size_t spec_count = 0;
  ledger_buffer output;
  ledger_summary summary;
  std::int64_t rows = 0;
  std::int64_t subscriptions = 0;
  std::exception_ptr failure;

  /// Empty again, keeping the capacity (unless a huge batch grew it).
  void reset() {
    constexpr std::size_t keep = std::size_t{16} << 20;
    line_count = 0;
    line_numbers.clear();
    first_spec = spec_count = 0;
    if (output.capacity() > keep) output = ledger_buffer{};
    output.clear();
    summary = ledger_summary{};
    rows = subscriptions = 0;
    failure = nullptr;
  }
};

/// Drops rows: the validation pass of a document written to stdout.
class discarding_sink final : public row_sink {
 public:
  void write(const ledger_row&) override {}
};

/// Appends formatted rows to a batch's output.
class batch_sink final : public row_sink {
 public:
  batch_sink(batch& b, ledger_format format, bool summarise)
      : batch_(b), format_(format), summarise_(summarise) {}
  void write(const ledger_row& row) override {
    append_row(format_, row, batch_.output);
    ++batch_.rows;
    if (summarise_) batch_.summary.add(row);
  }

 private:
  batch& batch_;
  ledger_format format_;
  bool summarise_;
};

class pipeline {
 public:
  pipeline(const run_options& o, const scenario_header& h,
           const std::vector<subscription_spec>* specs, std::string source,
           bool validate_only = false)
      : options_(o),
        header_(h),
        specs_(specs),
        source_(std::move(source)),
        validate_only_(validate_only) {}

  /// Replays the batches `produce` hands over, writing to `out` in order.
  template <class Producer>
  run_result run(Producer&& produce, output_file& out) {
    const unsigned workers = options_.threads == 0
                                 ? std::max(1u, std::thread::hardware_concurrency())
                                 : options_.threads;
    max_in_flight_ = 4 * static_cast<std::size_t>(workers);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < workers; ++i) pool.emplace_back([this] { work(); });
    std::thread writer([this, &out] { write_all(out); });
    try {
      for (;;) {
        std::unique_ptr<batch> b = recycled();
        if (!produce(*b)) break;
        if (!submit(std::move(b))) break;
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      stop_ = true;
    }
    {
      std::lock_guard lock(mutex_);
      input_done_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : pool) t.join();
    writer.join();
    if (failure_) std::rethrow_exception(failure_);
    return std::move(result_);
  }

 private:
  /// A written batch to fill again, or a new one.
  std::unique_ptr<batch> recycled() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return std::make_unique<batch>();
    std::unique_ptr<batch> b = std::move(spare_.back());
    spare_.pop_back();
    return b;
  }

  /// Queues a batch; waits while too many are in flight. False once stopped.
  bool submit(std::unique_ptr<batch> b) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return stop_ || submitted_ - written_ < max_in_flight_; });
    if (stop_) return false;
    const std::size_t index = submitted_++;
    todo_.emplace_back(index, b.get());
    slots_.emplace(index, std::move(b));
    cv_.notify_all();
    return true;
  }

  void work() {
    subscription_line_reader reader;  // per thread: its parser and buffer are reused
    for (;;) {
      std::pair<std::size_t, batch*> job;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || !todo_.empty() || input_done_; });
        if (stop_ || todo_.empty()) return;
        job = todo_.front();
        todo_.pop_front();
      }
      process(*job.second, reader);
      {
        std::lock_guard lock(mutex_);
        done_.insert(job.first);
      }
      cv_.notify_all();
    }
  }

  void counted(batch& b) const {
    ++b.subscriptions;
    if (options_.summary) b.summary.count_subscription();
  }

  void process(batch& b, subscription_line_reader& reader) {
    batch_sink sink(b, options_.format, options_.summary);
    discarding_sink nothing;
    row_sink& to = validate_only_ ? static_cast<row_sink&>(nothing) : sink;
    try {
      if (specs_) {
        for (std::size_t i = 0; i < b.spec_count; ++i) {
          replay(header_, (*specs_)[b.first_spec + i], to);
          counted(b);
        }
        return;
      }
      subscription_spec spec;  // reused: the reader keeps its storage across lines
      std::string where;       // "file:line", rebuilt in place for each line
      for (std::size_t i = 0; i < b.line_count; ++i) {
        char digits[24];
        char* end = std::to_chars(digits, digits + sizeof digits, b.line_numbers[i]).ptr;
        where.assign(source_).append(1, ':').append(digits, end);
        try {
          read_subscription_line(reader, b.lines[i], header_, where, spec);
        } catch (const dodo::input_error& e) {
          throw located(where, e);
        }
        replay(header_, spec, to);
        counted(b);
      }
    } catch (const replay_error& e) {
      b.failure = std::make_exception_ptr(scenario_error(e.what()));
    } catch (...) {
      b.failure = std::current_exception();
    }
  }

  void write_all(output_file& out) {
    const bool progress = options_.progress && !validate_only_;
    if (options_.format == ledger_format::csv && !validate_only_) out.write(csv_header());
    const auto start = std::chrono::steady_clock::now();
    auto last_report = start;
    for (std::size_t next = 0;; ++next) {
      std::unique_ptr<batch> b;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] {
          return stop_ || done_.count(next) > 0 || (input_done_ && next == submitted_);
        });
        if (stop_ || done_.count(next) == 0) break;
        done_.erase(next);
        b = std::move(slots_.at(next));
        slots_.erase(next);
      }
      try {
        if (b->failure) std::rethrow_exception(b->failure);
        if (!validate_only_) out.write(b->output);
        result_.subscriptions += b->subscriptions;
        result_.rows += b->rows;
        if (options_.summary) result_.summary.merge(b->summary);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        stop_ = true;
        cv_.notify_all();
        break;
      }
      b->reset();
      {
        std::lock_guard lock(mutex_);
        ++written_;
        spare_.push_back(std::move(b));  // at most max_in_flight_ + 1 batches exist
      }
      cv_.notify_all();
      const auto now = std::chrono::steady_clock::now();
      if (progress && now - last_report > std::chrono::milliseconds(500)) {
        last_report = now;
        report(now - start, false);
      }
    }
    if (progress && !stop_) report(std::chrono::steady_clock::now() - start, true);
  }

  void report(std::chrono::steady_clock::duration elapsed, bool final) const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    const long long rate = ms > 0 ? result_.rows * 1000 / ms : 0;
    std::fprintf(stderr, "\rprorata simulate: %lld subscriptions, %lld rows, %lld rows/s%s",
                 static_cast<long long>(result_.subscriptions),
                 static_cast<long long>(result_.rows), rate, final ? "\n" : "");
    std::fflush(stderr);
  }

  const run_options& options_;
  const scenario_header& header_;
  const std::vector<subscription_spec>* specs_;
  std::string source_;
  bool validate_only_;  ///< replay without writing: a first pass that finds errors
  std::size_t max_in_flight_ = 8;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<std::size_t, batch*>> todo_;
  std::map<std::size_t, std::unique_ptr<batch>> slots_;
  std::vector<std::unique_ptr<batch>> spare_;  // written batches, to fill again
  std::set<std::size_t> done_;
  std::size_t submitted_ = 0;
  std::size_t written_ = 0;
  bool input_done_ = false;
  bool stop_ = false;
  std::exception_ptr failure_;
  run_result result_;
};

scenario_header read_header_file(const std::string& path) {
  const std::string name = display_name(path);
  try {
    return read_header(
        dodo::parse_json(read_all(path, dodo::limits::max_input_bytes, "a header file")), "");
  } catch (const dodo::input_error& e) {
    throw located(name, e, false);
  }
}

run_result simulate_json_lines(const run_options& o, output_file& out) {
  line_reader lines(o.input);
  scenario_header header;
  if (o.header_path) {
    header = read_header_file(*o.header_path);
  } else {
    std::string first;
    std::size_t number = 0;
    if (!lines.next(first, number)) {
      throw scenario_error(lines.name() +
                           ": found no lines, expected a header line "
                           "{\"until\", \"policy\", \"catalog\"}");
    }
    const std::string where = lines.name() + ":" + std::to_string(number);
    try {
      header = read_header(dodo::parse_json(first), "");
    } catch (const dodo::input_error& e) {
      throw located(where, e);
    }
  }
  pipeline p(o, header, nullptr, lines.name());
  return p.run(
      [&](batch& b) {
        std::size_t number = 0;
        while (b.line_count < batch_size) {
          if (b.lines.size() == b.line_count) b.lines.emplace_back();
          if (!lines.next(b.lines[b.line_count], number)) break;
          b.line_numbers.push_back(number);
          ++b.line_count;
        }
        return b.line_count > 0;
      },
      out);
}

run_result simulate_document(const run_options& o, output_file& out) {
  const std::string name = display_name(o.input);
  scenario s;
  try {
    s = read_scenario(dodo::parse_json(read_all(o.input, dodo::limits::max_scenario_bytes,
                                                "one scenario document (use JSON Lines)")),
                      name);
  } catch (const dodo::input_error& e) {
    throw located(name, e, false);
  }
  const auto replay_all = [&](bool validate_only) {
    pipeline p(o, s.header, &s.subscriptions, name, validate_only);
    std::size_t next = 0;
    return p.run(
        [&](batch& b) {
          if (next >= s.subscriptions.size()) return false;
          b.first_spec = next;
          b.spec_count = std::min(batch_size, s.subscriptions.size() - next);
          next += b.spec_count;
          return true;
        },
        out);
  };
  // Written where a failure cannot take the rows back (stdout, a pipe): replay
  // the whole document once without writing, so that a bad subscription is
  // reported before the first row (docs/simulator.md).
  if (out.streams_directly()) replay_all(true);
  return replay_all(false);
}

}  // namespace

run_result simulate(const run_options& o) {
  output_file out(o.output);
  run_result r = o.json_lines ? simulate_json_lines(o, out) : simulate_document(o, out);
  out.commit();
  return r;
}

}  // namespace prorata::sim
