#include "gfo/common/normal.hpp"

#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace {

const double kPi = 3.14159265358979323846;

using High = boost::multiprecision::cpp_bin_float_50;

// Reference values in 50 significant digits; cpp_bin_float's exponent range holds phi(-1e4).
High high_pdf(const High& z) {
  return boost::multiprecision::exp(-z * z / 2) / boost::multiprecision::sqrt(2 * boost::math::constants::pi<High>());
}
High high_cdf(const High& z) { return boost::math::erfc(-z / boost::multiprecision::sqrt(High(2))) / 2; }
double high_log_cdf(double z) { return static_cast<double>(boost::multiprecision::log(high_cdf(High(z)))); }
double high_log_h(double z) {
  const High hz(z);
  return static_cast<double>(boost::multiprecision::log(high_pdf(hz) + hz * high_cdf(hz)));
}

// Relative error for large values, absolute error near zero. The log-space formulas reach about
// 3e-14 (worst near z = -9.7, where the Mills-ratio bracket loses digits); 1e-12 leaves a margin.
::testing::AssertionResult close(double actual, double expected, double tolerance) {
  const double error = std::abs(actual - expected);
  if (std::isfinite(actual) && error <= tolerance * std::max(1.0, std::abs(expected)))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " vs exact " << expected << " (error " << error << ")";
}

// z in [-40, 5], evenly, plus the points where the implementations switch formulas.
std::vector<double> moderate_z() {
  std::vector<double> z;
  for (double v = -40.0; v <= 5.0; v += 0.173) z.push_back(v);
  for (const double edge : {-10.0, -1.0, 0.0}) {
    z.push_back(edge);
    z.push_back(std::nextafter(edge, 1.0));
    z.push_back(std::nextafter(edge, -1.0));
    z.push_back(edge + 1e-9);
    z.push_back(edge - 1e-9);
  }
  z.push_back(-40.0);
  z.push_back(5.0);
  return z;
}

TEST(Normal, LogPdfClosedForm) {
  for (const double z : {-50.0, -3.0, 0.0, 0.5, 7.0})
    EXPECT_NEAR(gfo::normal_log_pdf(z), -0.5 * z * z - 0.5 * std::log(2.0 * kPi), 1e-14 * std::max(1.0, z * z));
}

TEST(Normal, CdfMatchesHighPrecision) {
  for (double z = -37.0; z <= 8.0; z += 0.31) {
    const double exact = static_cast<double>(high_cdf(High(z)));
    // erfc(-z / sqrt2) amplifies the argument's rounding error by about z^2.
    EXPECT_NEAR(gfo::normal_cdf(z), exact, 1e-15 * std::max(1.0, z * z) * exact) << z;
  }
  EXPECT_EQ(gfo::normal_cdf(0.0), 0.5);
}

TEST(Normal, LogCdfMatchesHighPrecision) {
  for (const double z : moderate_z()) EXPECT_TRUE(close(gfo::normal_log_cdf(z), high_log_cdf(z), 1e-12)) << "z = " << z;
}

TEST(Normal, LogHMatchesHighPrecision) {
  for (const double z : moderate_z()) EXPECT_TRUE(close(gfo::log_h(z), high_log_h(z), 1e-12)) << "z = " << z;
}

TEST(Normal, FarTailMatchesHighPrecision) {
  for (const double z : {-41.0, -100.0, -1234.5, -1e4}) {
    EXPECT_TRUE(close(gfo::log_h(z), high_log_h(z), 1e-12)) << "z = " << z;
    EXPECT_TRUE(close(gfo::normal_log_cdf(z), high_log_cdf(z), 1e-12)) << "z = " << z;
  }
}

TEST(Normal, FarTailIsFiniteAndIncreasing) {
  // Where EI itself underflows: phi(z) + z Phi(z) is 0 in double from about z = -38 on.
  const double plain = std::exp(gfo::normal_log_pdf(-40.0)) + -40.0 * gfo::normal_cdf(-40.0);
  EXPECT_EQ(plain, 0.0);
  EXPECT_EQ(std::exp(gfo::log_h(-40.0)), 0.0);
  double previous_log_h = -std::numeric_limits<double>::infinity();
  double previous_log_cdf = -std::numeric_limits<double>::infinity();
  for (double z = -1e6; z <= -40.0; z *= 0.97) {
    const double value = gfo::log_h(z);
    const double log_cdf = gfo::normal_log_cdf(z);
    ASSERT_TRUE(std::isfinite(value)) << z;
    ASSERT_TRUE(std::isfinite(log_cdf)) << z;
    EXPECT_GT(value, previous_log_h) << z;
    EXPECT_GT(log_cdf, previous_log_cdf) << z;
    // h(z) < Phi(z) for z < 0 (h' = Phi, h(-inf) = 0), and h(z) = phi(z) / z^2 (1 - 3 / z^2 + ...).
    EXPECT_LT(value, log_cdf) << z;
    EXPECT_NEAR(value, gfo::normal_log_pdf(z) - 2.0 * std::log(-z), 4.0 / (z * z) + 1e-15 * z * z) << z;
    previous_log_h = value;
    previous_log_cdf = log_cdf;
  }
}

TEST(Normal, LogHIsIncreasingAcrossFormulaSwitches) {
  // h' = Phi > 0: no jump where the implementation changes formula.
  double previous = gfo::log_h(-12.0);
  for (double z = -12.0 + 1e-3; z <= 3.0; z += 1e-3) {
    const double value = gfo::log_h(z);
    EXPECT_GT(value, previous) << z;
    previous = value;
  }
}

TEST(Normal, LogHForLargeZIsLogZ) {
  // h(z) = z + phi(z) + z (Phi(z) - 1) -> z.
  EXPECT_NEAR(gfo::log_h(40.0), std::log(40.0), 1e-15);
  EXPECT_NEAR(gfo::log_h(0.0), gfo::normal_log_pdf(0.0), 1e-15);
}

}  // namespace
