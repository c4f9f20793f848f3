#pragma once
/// \file
/// The billing-calendar layer: instants and RFC 3339, intervals, anchored
/// schedules, periods and remaining shares.

#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/calendar/period.hpp>
#include <prorata/calendar/schedule.hpp>
#include <prorata/calendar/share.hpp>
