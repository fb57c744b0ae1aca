#include "gfo/mo/qmc_log_ehvi.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "finite_difference.hpp"
#include "gfo/mo/log_ehvi.hpp"
#include "gfo/mo/pareto.hpp"
#include "simplex_front.hpp"

namespace {

using gfo::gp::GaussianProcess;
using gfo::mo::ExactLogEHVI;
using gfo::mo::QmcLogEHVI;

// A GP over one point, only to construct the acquisitions; from_posteriors does not use it.
GaussianProcess trivial_gp() {
  gfo::gp::GPHyperparameters hp;
  hp.kernel.lengthscales = Eigen::VectorXd::Ones(1);
  return GaussianProcess(gfo::gp::Kernel(gfo::gp::KernelType::kMatern52, {false}), Eigen::MatrixXd::Zero(1, 1),
                         Eigen::VectorXd::Zero(1), hp);
}

class QmcAgainstExact : public ::testing::TestWithParam<int> {};

// Posteriors near the front, behind it and beyond it: the estimate is within a few percent of
// the exact value wherever EHVI is not negligible, and keeps the exact ordering of values that
// differ by more than a factor 1.6.
TEST_P(QmcAgainstExact, EstimatesTheExactValue) {
  const int m = GetParam();
  const GaussianProcess gp = trivial_gp();
  const std::vector<const GaussianProcess*> gps(static_cast<size_t>(m), &gp);
  const Eigen::MatrixXd front = simplex_front(12, m, 40 + static_cast<std::uint64_t>(m));
  const Eigen::VectorXd reference = Eigen::VectorXd::Constant(m, 1.1);
  const ExactLogEHVI exact(gps, *gfo::mo::non_dominated_boxes(front, reference, 1000000));
  const QmcLogEHVI estimate(gps, front, reference, 4096, 1);
  std::mt19937_64 rng(50 + static_cast<std::uint64_t>(m));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> exact_values;
  std::vector<double> estimates;
  for (int i = 0; i < 40; ++i) {
    Eigen::VectorXd mean(m);
    Eigen::VectorXd stddev(m);
    for (int j = 0; j < m; ++j) {
      mean(j) = -0.2 + 1.2 * uniform(rng);
      stddev(j) = 0.05 + 0.4 * uniform(rng);
    }
    exact_values.push_back(exact.from_posteriors(mean, stddev, nullptr, nullptr));
    estimates.push_back(estimate.from_posteriors(mean, stddev, nullptr, nullptr));
    // Within 5% where EHVI >= 1e-2, 15% down to 1e-4 (relative errors, in log space).
    const double tolerance = exact_values.back() > std::log(1e-2) ? 0.05 : 0.15;
    if (exact_values.back() > std::log(1e-4))
      EXPECT_NEAR(estimates.back(), exact_values.back(), tolerance)
          << "mean " << mean.transpose() << " stddev " << stddev.transpose();
  }
  for (size_t a = 0; a < exact_values.size(); ++a)
    for (size_t b = 0; b < exact_values.size(); ++b)
      if (exact_values[a] > exact_values[b] + 0.5 && exact_values[a] > std::log(1e-4))
        EXPECT_GT(estimates[a], estimates[b]);
}

INSTANTIATE_TEST_SUITE_P(Objectives, QmcAgainstExact, ::testing::Values(2, 3, 4));

TEST(QmcLogEHVI, DerivativesMatchFiniteDifferences) {
  const GaussianProcess gp = trivial_gp();
  const QmcLogEHVI ehvi({&gp, &gp, &gp}, simplex_front(6, 3, 3), Eigen::Vector3d::Constant(1.1), 1024, 2);
  Eigen::VectorXd at(6);
  at << 0.4, 0.2, 0.6, 0.3, 0.1, 0.5;  // means, then standard deviations
  Eigen::VectorXd d_mean;
  Eigen::VectorXd d_stddev;
  ehvi.from_posteriors(at.head(3), at.tail(3), &d_mean, &d_stddev);
  const Eigen::VectorXd numeric = gfo_test::central_difference(
      [&](const Eigen::VectorXd& p) { return ehvi.from_posteriors(p.head(3), p.tail(3), nullptr, nullptr); }, at);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(d_mean(j), numeric(j), 1e-6 * std::max(1.0, std::abs(numeric(j))));
    EXPECT_NEAR(d_stddev(j), numeric(3 + j), 1e-6 * std::max(1.0, std::abs(numeric(3 + j))));
  }
}

TEST(QmcLogEHVI, FarBehindTheFrontStaysFiniteAndPointsBack) {
  const GaussianProcess gp = trivial_gp();
  const QmcLogEHVI ehvi({&gp, &gp}, simplex_front(5, 2, 4), Eigen::Vector2d::Constant(1.1), 512, 3);
  Eigen::VectorXd d_mean;
  Eigen::VectorXd d_stddev;
  const double far = ehvi.from_posteriors(Eigen::Vector2d(30.0, 30.0), Eigen::Vector2d(0.5, 0.5), &d_mean, &d_stddev);
  const double farther = ehvi.from_posteriors(Eigen::Vector2d(40.0, 40.0), Eigen::Vector2d(0.5, 0.5), nullptr, nullptr);
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_LT(farther, far);
  EXPECT_TRUE(d_mean.allFinite());
  EXPECT_TRUE((d_mean.array() < 0.0).all());  // lowering a mean helps
}

TEST(QmcLogEHVI, DeterministicGivenTheSeed) {
  const GaussianProcess gp = trivial_gp();
  const Eigen::MatrixXd front = simplex_front(8, 3, 5);
  const Eigen::Vector3d reference = Eigen::Vector3d::Constant(1.1);
  const Eigen::Vector3d mean(0.3, 0.3, 0.3);
  const Eigen::Vector3d stddev(0.2, 0.2, 0.2);
  const QmcLogEHVI a({&gp, &gp, &gp}, front, reference, 256, 9);
  const QmcLogEHVI b({&gp, &gp, &gp}, front, reference, 256, 9);
  EXPECT_EQ(a.from_posteriors(mean, stddev, nullptr, nullptr), b.from_posteriors(mean, stddev, nullptr, nullptr));
}

}  // namespace
