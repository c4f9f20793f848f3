#pragma once
// The money layer: currencies, rounding, exact decimals, amounts, allocation.

#include <prorata/money/allocate.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/exchange.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/money/rounding.hpp>
