// The documented Dodo upgrade, computed with the money layer: Basic $30/month
// to Pro $80/month. difference_immediately charges new - old whatever the
// position in the cycle; prorated_immediately charges the remaining share of
// each (15 of 30 days left).
#include <cstdlib>
#include <exception>
#include <iostream>

#include <prorata/prorata.hpp>

int main() {
  try {
    using namespace prorata;
    const currency usd = currency::from_code("USD");
    const money basic = money::parse("30.00", usd);
    const money pro = money::parse("80.00", usd);
    const ratio remaining{15, 30};  // days left / days in the cycle

    const money difference = pro - basic;
    const money prorated = multiply(pro, remaining, rounding_mode::half_away_from_zero) -
                           multiply(basic, remaining, rounding_mode::half_away_from_zero);

    std::cout << "Basic " << to_string(basic) << " -> Pro " << to_string(pro) << "\n"
              << "difference_immediately: charge now " << to_string(difference) << "\n"
              << "prorated_immediately (" << remaining.to_string()
              << " of the cycle left): charge now " << to_string(prorated) << "\n";
    return EXIT_SUCCESS;
  } catch (const std::exception& e) {
    std::cerr << "prorata_example: " << e.what() << "\n";
    return 1;
  }
}
