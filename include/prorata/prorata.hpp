#pragma once
// Umbrella header: every public header of every layer, nothing from detail/.

#include <prorata/billing.hpp>
#include <prorata/calendar.hpp>
#include <prorata/error.hpp>
#include <prorata/money.hpp>
#include <prorata/pricing.hpp>
#include <prorata/version.hpp>
