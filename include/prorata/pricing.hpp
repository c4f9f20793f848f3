#pragma once
// The pricing layer: tax, discounts, usage meters, one-time carts, credit rollover.

#include <prorata/pricing/cart.hpp>
#include <prorata/pricing/credit_rollover.hpp>
#include <prorata/pricing/discount.hpp>
#include <prorata/pricing/meter.hpp>
#include <prorata/pricing/tax.hpp>
