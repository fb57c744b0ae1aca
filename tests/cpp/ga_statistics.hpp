#pragma once
// Goodness-of-fit statistics for the GA operator tests: a sample against an analytic CDF.
//
// Boost 1.74 (Debian bullseye's, our oldest) has no Kolmogorov-Smirnov distribution (Boost.Math
// added kolmogorov_smirnov_distribution in 1.75), so the statistic and its p-value are here.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

namespace gfo::ga::testing {

// sup_x |F_n(x) - F(x)| of the sample's empirical CDF F_n against `cdf`. Ties (an atom of the
// sample, such as children clipped onto a bound) count with their whole weight.
inline double ks_statistic(std::vector<double> sample, const std::function<double(double)>& cdf) {
  std::sort(sample.begin(), sample.end());
  const auto n = static_cast<double>(sample.size());
  double statistic = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    statistic = std::max({statistic, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return statistic;
}

// P(D_n >= statistic) for a sample of n draws from the CDF itself: Kolmogorov's limit
// distribution, 2 sum_k (-1)^(k-1) exp(-2 k^2 lambda^2), at Stephens' (1970) corrected
// lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) statistic.
inline double ks_p_value(double statistic, std::size_t n) {
  const double root_n = std::sqrt(static_cast<double>(n));
  const double lambda = (root_n + 0.12 + 0.11 / root_n) * statistic;
  if (lambda < 0.2) return 1.0;  // the series converges slowly there, and P > 1 - 1e-12
  double sum = 0.0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sum += (k % 2 == 1 ? 2.0 : -2.0) * term;
    if (term < 1e-16) break;
  }
  return std::clamp(sum, 0.0, 1.0);
}

}  // namespace gfo::ga::testing
