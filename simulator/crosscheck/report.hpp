#pragma once
// The cross-check report, as text (default) or JSON (--json).

#include <nlohmann/json.hpp>
#include <string>

#include "crosscheck/run.hpp"

namespace prorata::crosscheck {

/// Human-readable: per request the instant and tax rate used, Dodo's and
/// the engine's amounts due, then each difference with both values and the
/// likely knob; then the calibration verdicts.
[[nodiscard]] std::string report_text(const run_result& r);

/// {"subscription_id", "match", "requests": [{"request", "now", "now_source",
/// "tax_rate", "tax_rate_source", "match", "differences": [{"field", "dodo",
/// "engine", "knob"}], "engine_refusal", "dodo_preview", "engine_preview"}],
/// "calibration": {...} (with --calibrate)}.
[[nodiscard]] nlohmann::ordered_json report_json(const run_result& r);

}  // namespace prorata::crosscheck
