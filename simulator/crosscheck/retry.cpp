#include "crosscheck/retry.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string_view>

namespace prorata::crosscheck {

namespace {

/// A non-negative integer, else nullopt. More than 12 digits reads as
/// 999999999999: a wait too long to parse is still longer than any limit,
/// so it ends the retries instead of counting as absent (issue #14).
std::optional<std::int64_t> parse_count(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v <= 99'999'999'999)
      v = v * 10 + (c - '0');
    else
      v = 999'999'999'999;
  }
  return v;
}

}  // namespace

// The IMF-fixdate is the only HTTP date form servers may send (RFC 9110 5.6.7).
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& s) {
  std::tm tm{};
  char weekday[4] = {};
  char month[4] = {};
  char zone[4] = {};
  int day = 0;
  int year = 0;
  int h = 0;
  int m = 0;
  int sec = 0;
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month, &year, &h, &m,
                  &sec, zone) != 8 ||
      std::string_view(zone) != "GMT") {
    return std::nullopt;
  }
  static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int mon = -1;
  for (int i = 0; i < 12; ++i) {
    if (months[i] == month) mon = i;
  }
  if (mon < 0 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = sec;
  const std::time_t t = timegm(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

bool is_retryable(const attempt_outcome& o) noexcept {
  return o.network_error || o.status == 429 || (o.status >= 500 && o.status <= 599);
}

std::optional<milliseconds> requested_delay(const attempt_outcome& o,
                                            std::chrono::system_clock::time_point now) {
  if (o.retry_after_ms) {
    if (const auto ms = parse_count(*o.retry_after_ms)) return milliseconds(*ms);
  }
  if (o.retry_after) {
    if (const auto s = parse_count(*o.retry_after)) return milliseconds(*s * 1000);
    if (const auto at = parse_http_date(*o.retry_after)) {
      const auto wait = std::chrono::duration_cast<milliseconds>(*at - now);
      return std::max(wait, milliseconds(0));
    }
  }
  return std::nullopt;
}

milliseconds backoff_delay(int next_attempt, const retry_policy& policy,
                           std::uint64_t random) noexcept {
  const int doublings = std::clamp(next_attempt - 2, 0, 30);
  const std::int64_t base = std::max<std::int64_t>(policy.base_delay.count(), 0);
  const std::int64_t cap =
      std::min<std::int64_t>(policy.max_delay.count(), base * (std::int64_t{1} << doublings));
  if (cap <= 0) return milliseconds(0);
  // Half fixed, half random: retries from many clients spread out, and a
  // retry never comes sooner than half the backoff.
  const std::int64_t half = cap / 2;
  const auto span = static_cast<std::uint64_t>(cap - half + 1);
  return milliseconds(half + static_cast<std::int64_t>(random % span));
}

std::optional<milliseconds> next_delay(const attempt_outcome& o, int attempts_done,
                                       const retry_policy& policy, std::uint64_t random,
                                       std::chrono::system_clock::time_point now) {
  if (!is_retryable(o) || attempts_done >= policy.max_attempts) return std::nullopt;
  if (const auto asked = requested_delay(o, now)) {
    if (*asked > policy.max_retry_after) return std::nullopt;
    return *asked;
  }
  return backoff_delay(attempts_done + 1, policy, random);
}

}  // namespace prorata::crosscheck
