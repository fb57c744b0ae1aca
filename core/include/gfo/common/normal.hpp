#pragma once
// The standard normal distribution in log space, accurate far in the tails where the plain
// density, distribution function and expected improvement underflow to zero.

namespace gfo {

double normal_log_pdf(double z);
double normal_cdf(double z);
double normal_log_cdf(double z);
// log h(z) with h(z) = phi(z) + z Phi(z), the expected improvement of a unit-variance normal
// whose mean lies z standard deviations beyond the incumbent: EI = sigma * h(z).
double log_h(double z);

}  // namespace gfo
