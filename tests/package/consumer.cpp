// Built against an installed copy of prorata through find_package(prorata).
#include <iostream>

#include <prorata/prorata.hpp>

int main() {
  using namespace prorata;
  const currency usd = currency::from_code("USD");
  const money charge = money::parse("80.00", usd) - money::parse("30.00", usd);
  std::cout << to_string(charge) << "\n";  // the ctest checks for "50.00 USD"
  return charge == money::from_minor(5000, usd) ? 0 : 1;
}
