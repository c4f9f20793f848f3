// The simulator's per-subscription work in process, side by side in one run:
// the program's path (the simdjson line reader, the replay, JSON rows) and
// the same with the checking nlohmann reader that words errors (the
// baseline the fast reader replaces), plus each stage alone. Rows and
// subscriptions per second are counters. The whole program, with its
// reader and writer threads and the ledger file, is bench/simulate.sh.
#include <cstddef>
#include <cstdint>
#include <sim/ledger_format.hpp>
#include <sim/replay.hpp>
#include <sim/scenario_json.hpp>
#include <sim/subscription_line.hpp>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <prorata/dodo.hpp>

#include "simulate/scenario_lines.hpp"

namespace {

using namespace prorata::sim;

struct fixture {
  scenario_header header;
  std::vector<std::string> lines;
  std::vector<subscription_spec> specs;

  fixture() {
    header = read_header(prorata::dodo::parse_json(prorata_bench::scenario_header_line), "");
    prorata_bench::scenario_lines make;
    lines.resize(1000);
    for (std::string& l : lines) make.next(l);
    for (const std::string& l : lines) {
      specs.push_back(read_subscription_spec(prorata::dodo::parse_json(l), "", header, "bench"));
    }
  }
};

const fixture& data() {
  static const fixture f;
  return f;
}

/// Formats rows as the program does, into a buffer reused across batches.
class json_sink final : public row_sink {
 public:
  void write(const ledger_row& row) override {
    append_json_line(row, out_);
    ++rows_;
  }
  void clear() { out_.clear(); }
  std::int64_t rows_ = 0;

 private:
  ledger_buffer out_;
};

/// Counts rows only: the replay without formatting.
class counting_sink final : public row_sink {
 public:
  void write(const ledger_row& row) override {
    benchmark::DoNotOptimize(row.settlement_amount);
    ++rows_;
  }
  std::int64_t rows_ = 0;
};

/// Subscriptions per second: every line of the fixture, each iteration.
void report_subscriptions(benchmark::State& state) {
  state.counters["subs/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(data().lines.size()),
      benchmark::Counter::kIsRate);
}

template <class Sink>
void report(benchmark::State& state, const Sink& sink) {
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(sink.rows_), benchmark::Counter::kIsRate);
  report_subscriptions(state);
}

void BM_simulate_fast_reader(benchmark::State& state) {
  const fixture& f = data();
  subscription_line_reader reader;
  json_sink sink;
  const std::string source = "bench";
  subscription_spec spec;  // reused, as a worker does
  for (auto _ : state) {
    sink.clear();
    for (const std::string& l : f.lines) {
      read_subscription_line(reader, l, f.header, source, spec);
      replay(f.header, spec, sink);
    }
  }
  report(state, sink);
}
BENCHMARK(BM_simulate_fast_reader)->Unit(benchmark::kMillisecond);

void BM_simulate_checking_reader(benchmark::State& state) {
  const fixture& f = data();
  json_sink sink;
  for (auto _ : state) {
    sink.clear();
    for (const std::string& l : f.lines) {
      replay(f.header, read_subscription_spec(prorata::dodo::parse_json(l), "", f.header, "bench"),
             sink);
    }
  }
  report(state, sink);
}
BENCHMARK(BM_simulate_checking_reader)->Unit(benchmark::kMillisecond);

void BM_read_fast(benchmark::State& state) {
  const fixture& f = data();
  subscription_line_reader reader;
  const std::string source = "bench";
  subscription_spec spec;  // reused, as a worker does
  for (auto _ : state) {
    for (const std::string& l : f.lines) {
      read_subscription_line(reader, l, f.header, source, spec);
      benchmark::DoNotOptimize(spec);
    }
  }
  report_subscriptions(state);
}
BENCHMARK(BM_read_fast)->Unit(benchmark::kMillisecond);

void BM_read_checking(benchmark::State& state) {
  const fixture& f = data();
  for (auto _ : state) {
    for (const std::string& l : f.lines) {
      benchmark::DoNotOptimize(
          read_subscription_spec(prorata::dodo::parse_json(l), "", f.header, "bench"));
    }
  }
  report_subscriptions(state);
}
BENCHMARK(BM_read_checking)->Unit(benchmark::kMillisecond);

void BM_replay_only(benchmark::State& state) {
  const fixture& f = data();
  counting_sink sink;
  for (auto _ : state) {
    for (const subscription_spec& s : f.specs) replay(f.header, s, sink);
  }
  report(state, sink);
}
BENCHMARK(BM_replay_only)->Unit(benchmark::kMillisecond);

void BM_replay_and_write(benchmark::State& state) {
  const fixture& f = data();
  json_sink sink;
  for (auto _ : state) {
    sink.clear();
    for (const subscription_spec& s : f.specs) replay(f.header, s, sink);
  }
  report(state, sink);
}
BENCHMARK(BM_replay_and_write)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
