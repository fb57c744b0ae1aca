#include "gfo/gp/acquisition.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "finite_difference.hpp"
#include "gfo/gp/marginal_likelihood.hpp"

namespace {

using gfo::gp::AcquisitionType;
using gfo::gp::GaussianProcess;
using gfo::gp::Kernel;
using gfo::gp::KernelType;
using gfo::gp::SingleObjectiveAcquisition;

const double kPi = 3.14159265358979323846;

// Plain-double normal pdf and cdf, independent of the core's.
double pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * kPi); }
double cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

std::string name_of(AcquisitionType type) {
  switch (type) {
    case AcquisitionType::kLogEI:
      return "LogEI";
    case AcquisitionType::kEI:
      return "EI";
    case AcquisitionType::kUCB:
      return "UCB";
  }
  return "unknown";
}

// A GP over one point, only to construct SingleObjectiveAcquisition; from_posterior does not use it.
GaussianProcess trivial_gp() {
  gfo::gp::GPHyperparameters hp;
  hp.kernel.lengthscales = Eigen::VectorXd::Ones(1);
  return GaussianProcess(Kernel(KernelType::kMatern52, {false}), Eigen::MatrixXd::Zero(1, 1), Eigen::VectorXd::Zero(1),
                         hp);
}

TEST(AcquisitionFromPosterior, ValuesMatchClosedForms) {
  const GaussianProcess gp = trivial_gp();
  const double incumbent = -0.3;
  const SingleObjectiveAcquisition log_ei(gp, AcquisitionType::kLogEI, incumbent);
  const SingleObjectiveAcquisition ei(gp, AcquisitionType::kEI, incumbent);
  const SingleObjectiveAcquisition ucb(gp, AcquisitionType::kUCB, incumbent, 1.7);
  for (const double mean : {-2.0, -0.3, 0.0, 1.5}) {
    for (const double stddev : {0.05, 0.4, 2.0}) {
      // Minimization: improvement is incumbent - f.
      const double z = (incumbent - mean) / stddev;
      const double expected_ei = (incumbent - mean) * cdf(z) + stddev * pdf(z);
      EXPECT_NEAR(ei.from_posterior(mean, stddev, nullptr, nullptr), expected_ei, 1e-13 * std::max(1.0, expected_ei))
          << mean << ", " << stddev;
      if (expected_ei > 1e-200) {
        EXPECT_NEAR(log_ei.from_posterior(mean, stddev, nullptr, nullptr), std::log(expected_ei), 1e-9)
            << mean << ", " << stddev;
      }
      EXPECT_NEAR(ucb.from_posterior(mean, stddev, nullptr, nullptr), -(mean - 1.7 * stddev), 1e-15);
    }
  }
}

TEST(AcquisitionFromPosterior, LogEIStaysFiniteWhereEIUnderflows) {
  const GaussianProcess gp = trivial_gp();
  const SingleObjectiveAcquisition log_ei(gp, AcquisitionType::kLogEI, 0.0);
  const SingleObjectiveAcquisition ei(gp, AcquisitionType::kEI, 0.0);
  // Mean 60 standard deviations above the incumbent.
  EXPECT_EQ(ei.from_posterior(6.0, 0.1, nullptr, nullptr), 0.0);
  const double far = log_ei.from_posterior(6.0, 0.1, nullptr, nullptr);
  const double farther = log_ei.from_posterior(7.0, 0.1, nullptr, nullptr);
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_TRUE(std::isfinite(farther));
  EXPECT_GT(far, farther);
  // log EI = log sigma + log h(z), h(z) = phi(z) / z^2 (1 - 3 / z^2 + O(z^-4)) for z -> -inf.
  const double z = -60.0;
  EXPECT_NEAR(far,
              std::log(0.1) - 0.5 * z * z - 0.5 * std::log(2.0 * kPi) - 2.0 * std::log(-z) + std::log1p(-3.0 / (z * z)),
              1e-5);
}

class AcquisitionTypes : public ::testing::TestWithParam<AcquisitionType> {};

TEST_P(AcquisitionTypes, PosteriorDerivativesMatchFiniteDifferences) {
  const GaussianProcess gp = trivial_gp();
  const double incumbent = 0.2;
  const SingleObjectiveAcquisition acquisition(gp, GetParam(), incumbent, 2.5);
  std::vector<std::pair<double, double>> posteriors = {{-1.0, 0.5}, {0.2, 0.3}, {0.9, 0.4}, {0.0, 2.0}, {3.0, 0.7}};
  if (GetParam() != AcquisitionType::kEI) posteriors.push_back({6.2, 0.1});  // z = -60: EI underflows
  for (const auto& [mean, stddev] : posteriors) {
    double d_mean = 0.0;
    double d_stddev = 0.0;
    const double value = acquisition.from_posterior(mean, stddev, &d_mean, &d_stddev);
    EXPECT_EQ(acquisition.from_posterior(mean, stddev, nullptr, nullptr), value);
    const double h_mean = 1e-6 * std::max(1.0, std::abs(mean));
    const double h_stddev = 1e-6 * stddev;
    const double numeric_mean = (acquisition.from_posterior(mean + h_mean, stddev, nullptr, nullptr) -
                                 acquisition.from_posterior(mean - h_mean, stddev, nullptr, nullptr)) /
                                (2.0 * h_mean);
    const double numeric_stddev = (acquisition.from_posterior(mean, stddev + h_stddev, nullptr, nullptr) -
                                   acquisition.from_posterior(mean, stddev - h_stddev, nullptr, nullptr)) /
                                  (2.0 * h_stddev);
    EXPECT_NEAR(d_mean, numeric_mean, 1e-5 * std::max(1.0, std::abs(numeric_mean))) << mean << ", " << stddev;
    EXPECT_NEAR(d_stddev, numeric_stddev, 1e-5 * std::max(1.0, std::abs(numeric_stddev))) << mean << ", " << stddev;
    // Larger is better: a lower mean and (for an optimistic criterion) a larger spread help.
    EXPECT_LT(d_mean, 0.0);
    EXPECT_GT(d_stddev, 0.0);
  }
}

// A GP fitted to a smooth function on mixed inputs: continuous, categorical (3 choices), continuous.
struct FittedGP {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Kernel kernel;
  gfo::gp::GPHyperparameters hyperparameters;
  GaussianProcess gp;

  static Eigen::MatrixXd inputs() {
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::uniform_int_distribution<int> choice(0, 2);
    Eigen::MatrixXd x(14, 3);
    for (Eigen::Index i = 0; i < x.rows(); ++i) x.row(i) << uniform(rng), choice(rng), uniform(rng);
    return x;
  }
  static Eigen::VectorXd targets(const Eigen::MatrixXd& x) {
    Eigen::VectorXd y(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      y(i) = std::pow(x(i, 0) - 0.3, 2) + 0.5 * std::cos(3.0 * x(i, 2)) + 0.3 * x(i, 1);
    y.array() -= y.mean();
    return y / std::sqrt(y.squaredNorm() / static_cast<double>(y.size()));
  }
  FittedGP()
      : x(inputs()),
        y(targets(x)),
        kernel(KernelType::kMatern52, {false, true, false}),
        hyperparameters(gfo::gp::fit_hyperparameters(kernel, x, y, gfo::gp::FitOptions(), nullptr)),
        gp(kernel, x, y, hyperparameters) {}
};

TEST_P(AcquisitionTypes, EvaluateWithGradientMatchesFiniteDifferences) {
  const FittedGP fitted;
  const SingleObjectiveAcquisition acquisition(fitted.gp, GetParam(), fitted.y.minCoeff(), 2.0);
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // Around the best observation, where EI is not negligible, and anywhere.
  Eigen::Index best = 0;
  fitted.y.minCoeff(&best);
  std::vector<Eigen::Vector3d> points;
  for (const double offset : {0.02, -0.05, 0.1}) {
    Eigen::Vector3d near = fitted.x.row(best).transpose();
    near(0) = std::clamp(near(0) + offset, 0.0, 1.0);
    near(2) = std::clamp(near(2) - 0.5 * offset, 0.0, 1.0);
    points.push_back(near);
  }
  for (int trial = 0; trial < 4; ++trial)
    points.emplace_back(uniform(rng), static_cast<double>(trial % 3), uniform(rng));
  for (const Eigen::Vector3d& point : points) {
    Eigen::VectorXd gradient;
    const double value = acquisition.evaluate_with_gradient(point, gradient);
    ASSERT_EQ(gradient.size(), 3);
    const auto f = [&](const Eigen::VectorXd& p) {
      Eigen::VectorXd unused;
      return acquisition.evaluate_with_gradient(p, unused);
    };
    const Eigen::VectorXd numeric = gfo_test::central_difference(f, point, 1e-6);
    // Relative to the gradient itself (EI and its gradient can be tiny), plus the differences'
    // rounding error, about 1e-16 |value| / h.
    for (const Eigen::Index j : {0, 2})
      EXPECT_NEAR(gradient(j), numeric(j), 1e-5 * std::abs(numeric(j)) + 1e-9 * std::max(1.0, std::abs(value)))
          << "dim " << j << " at " << point.transpose() << " (value " << value << ")";
    EXPECT_EQ(gradient(1), 0.0);
  }
}

TEST_P(AcquisitionTypes, EvaluateMatchesEvaluateWithGradient) {
  const FittedGP fitted;
  const SingleObjectiveAcquisition acquisition(fitted.gp, GetParam(), fitted.y.minCoeff(), 2.0);
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd points(20, 3);
  for (Eigen::Index i = 0; i < points.rows(); ++i)
    points.row(i) << uniform(rng), static_cast<double>(i % 3), uniform(rng);
  points.topRows(3) = fitted.x.topRows(3);  // training points too
  const Eigen::VectorXd values = acquisition.evaluate(points);
  ASSERT_EQ(values.size(), points.rows());
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    Eigen::VectorXd gradient;
    const double value = acquisition.evaluate_with_gradient(points.row(i).transpose(), gradient);
    EXPECT_NEAR(values(i), value, 1e-10 * std::max(1.0, std::abs(value))) << i;
    EXPECT_TRUE(std::isfinite(value)) << i;
  }
}

TEST(SingleObjectiveAcquisition, LogEIIsTheLogOfEIOnAFittedGP) {
  const FittedGP fitted;
  const double incumbent = fitted.y.minCoeff();
  const SingleObjectiveAcquisition log_ei(fitted.gp, AcquisitionType::kLogEI, incumbent);
  const SingleObjectiveAcquisition ei(fitted.gp, AcquisitionType::kEI, incumbent);
  Eigen::MatrixXd points(3, 3);
  // clang-format off
  points << 0.3, 0.0, 0.9,
            0.5, 1.0, 0.5,
            0.1, 2.0, 0.2;
  // clang-format on
  const Eigen::VectorXd a = log_ei.evaluate(points);
  const Eigen::VectorXd b = ei.evaluate(points);
  int compared = 0;
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    if (b(i) > 1e-250) {
      EXPECT_NEAR(a(i), std::log(b(i)), 1e-9) << i;
      ++compared;
    } else {
      // The fitted GP is confident enough here for EI to (nearly) underflow; log EI agrees.
      EXPECT_LT(a(i), std::log(1e-250)) << i;
      EXPECT_TRUE(std::isfinite(a(i))) << i;
    }
  }
  EXPECT_GE(compared, 2);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, AcquisitionTypes,
                         ::testing::Values(AcquisitionType::kLogEI, AcquisitionType::kEI, AcquisitionType::kUCB),
                         [](const ::testing::TestParamInfo<AcquisitionType>& info) { return name_of(info.param); });

}  // namespace
