#pragma once
// The billing layer: policy, catalog, subscription state, plan changes, renewals.

#include <prorata/billing/apply_plan_change.hpp>
#include <prorata/billing/catalog.hpp>
#include <prorata/billing/change_amounts.hpp>
#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/billing/renewal.hpp>
#include <prorata/billing/subscription.hpp>
