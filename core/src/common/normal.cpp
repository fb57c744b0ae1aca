#include "gfo/common/normal.hpp"

#include <boost/math/special_functions/erf.hpp>
#include <cmath>

namespace gfo {
namespace {

constexpr double kLogSqrt2Pi = 0.91893853320467274178;
constexpr double kSqrtHalf = 0.70710678118654752440;
// Beyond this |z| the Mills ratio comes from its asymptotic series, whose terms keep shrinking
// for about z^2 / 2 terms: 40 terms reach double precision from here on.
constexpr double kAsymptoticThreshold = 10.0;
constexpr int kAsymptoticTerms = 40;

// For t >= kAsymptoticThreshold: 1 - t R(t) and R(t) t, where R(t) = Q(t) / phi(t) is Mills' ratio.
// t R(t) = 1 - 1/t^2 + 3/t^4 - 15/t^6 + ...
double one_minus_t_mills(double t) {
  const double inverse_sq = 1.0 / (t * t);
  double term = inverse_sq;  // (2n-1)!! / t^(2n) with alternating sign, n = 1
  double sum = 0.0;
  for (int n = 1; n <= kAsymptoticTerms; ++n) {
    sum += term;
    term *= -(2.0 * n + 1.0) * inverse_sq;
  }
  return sum;
}

}  // namespace

double normal_log_pdf(double z) { return -0.5 * z * z - kLogSqrt2Pi; }

double normal_cdf(double z) { return 0.5 * boost::math::erfc(-z * kSqrtHalf); }

double normal_log_cdf(double z) {
  if (z > -kAsymptoticThreshold) return std::log(normal_cdf(z));
  // Phi(z) = phi(z) R(-z), and R(t) = (1 - (1 - t R(t))) / t.
  const double t = -z;
  return normal_log_pdf(z) + std::log1p(-one_minus_t_mills(t)) - std::log(t);
}

double log_h(double z) {
  if (z > -1.0) return std::log(std::exp(normal_log_pdf(z)) + z * normal_cdf(z));
  // h(z) = phi(z) (1 - t R(t)) with t = -z: compute the bracket without forming phi(z) Phi(z).
  const double t = -z;
  double bracket;
  if (t < kAsymptoticThreshold) {
    const double mills = normal_cdf(z) / std::exp(normal_log_pdf(z));
    bracket = 1.0 - t * mills;
  } else {
    bracket = one_minus_t_mills(t);
  }
  return normal_log_pdf(z) + std::log(bracket);
}

}  // namespace gfo
