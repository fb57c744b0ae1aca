#include "gfo/mo/log_ehvi.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "finite_difference.hpp"
#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/feasibility.hpp"
#include "gfo/mo/pareto.hpp"

namespace {

using gfo::gp::GaussianProcess;
using gfo::mo::ExactLogEHVI;

const double kInf = std::numeric_limits<double>::infinity();

// A GP over one point, only to construct the acquisitions; from_posterior(s) does not use it.
GaussianProcess trivial_gp() {
  gfo::gp::GPHyperparameters hp;
  hp.kernel.lengthscales = Eigen::VectorXd::Ones(1);
  return GaussianProcess(gfo::gp::Kernel(gfo::gp::KernelType::kMatern52, {false}), Eigen::MatrixXd::Zero(1, 1),
                         Eigen::VectorXd::Zero(1), hp);
}

gfo::mo::BoxDecomposition boxes_of(const Eigen::MatrixXd& front, const Eigen::VectorXd& reference) {
  return *gfo::mo::non_dominated_boxes(front, reference, 1000);
}

Eigen::MatrixXd staircase() {
  Eigen::MatrixXd front(3, 2);
  front << 1, 3, 2, 2, 3, 1;
  return front;
}

// E (u - max(l, Y))^+ by the trapezoidal rule over +-12 standard deviations.
double box_gain_by_quadrature(double l, double u, double mean, double stddev) {
  const int steps = 200000;
  const double a = mean - 12 * stddev;
  const double b = mean + 12 * stddev;
  const double h = (b - a) / steps;
  double sum = 0.0;
  for (int i = 0; i <= steps; ++i) {
    const double y = a + i * h;
    const double gain = std::max(0.0, u - std::max(l, y));
    const double density = std::exp(-0.5 * std::pow((y - mean) / stddev, 2)) / (stddev * std::sqrt(2 * M_PI));
    sum += (i == 0 || i == steps ? 0.5 : 1.0) * gain * density;
  }
  return sum * h;
}

TEST(ExpectedBoxGain, MatchesQuadrature) {
  const double cases[][4] = {{0.0, 1.0, 0.3, 0.5},
                             {-kInf, 1.0, 0.3, 0.5},
                             {-1.0, 2.0, 3.0, 0.7},
                             {0.5, 0.6, -2.0, 2.0},
                             {-kInf, -1.0, 1.0, 0.4}};
  for (const auto& c : cases) {
    const double expected = box_gain_by_quadrature(c[0], c[1], c[2], c[3]);
    EXPECT_NEAR(std::exp(gfo::mo::log_expected_box_gain(c[0], c[1], c[2], c[3], nullptr, nullptr)), expected,
                1e-6 * std::max(1.0, expected))
        << c[0] << " " << c[1] << " " << c[2] << " " << c[3];
  }
}

TEST(ExpectedBoxGain, DerivativesMatchFiniteDifferences) {
  const double cases[][4] = {{0.0, 1.0, 0.3, 0.5}, {-kInf, 1.0, 2.0, 0.5}, {-1.0, 2.0, 3.0, 0.7}};
  for (const auto& c : cases) {
    double d_mean = 0.0;
    double d_stddev = 0.0;
    gfo::mo::log_expected_box_gain(c[0], c[1], c[2], c[3], &d_mean, &d_stddev);
    const Eigen::Vector2d at(c[2], c[3]);
    const Eigen::VectorXd numeric = gfo_test::central_difference(
        [&](const Eigen::VectorXd& p) {
          return gfo::mo::log_expected_box_gain(c[0], c[1], p(0), p(1), nullptr, nullptr);
        },
        at);
    EXPECT_NEAR(d_mean, numeric(0), 1e-6 * std::max(1.0, std::abs(numeric(0))));
    EXPECT_NEAR(d_stddev, numeric(1), 1e-6 * std::max(1.0, std::abs(numeric(1))));
  }
}

TEST(ExpectedBoxGain, FarTailStaysFiniteAndOrdered) {
  // The mean 40 and 60 standard deviations beyond the box: the plain gain underflows to zero.
  double d_mean = 0.0;
  double d_stddev = 0.0;
  const double near = gfo::mo::log_expected_box_gain(-1.0, 0.0, 40.0, 1.0, &d_mean, &d_stddev);
  const double far = gfo::mo::log_expected_box_gain(-1.0, 0.0, 60.0, 1.0, nullptr, nullptr);
  EXPECT_TRUE(std::isfinite(near));
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_LT(far, near);
  EXPECT_LT(near, -700.0);
  EXPECT_TRUE(std::isfinite(d_mean));
  EXPECT_LT(d_mean, 0.0);  // moving the mean towards the box helps
  EXPECT_TRUE(std::isfinite(d_stddev));
}

TEST(ExactLogEHVI, NearlyCertainPosteriorGivesTheHypervolumeImprovementByHand) {
  const GaussianProcess gp = trivial_gp();
  const Eigen::Vector2d reference(4, 4);
  const ExactLogEHVI ehvi({&gp, &gp}, boxes_of(staircase(), reference));
  // (1.5, 1.5) adds 6.25 - 5 = 1.25 to the staircase's hypervolume 6 (inclusion-exclusion).
  const double value = ehvi.from_posteriors(Eigen::Vector2d(1.5, 1.5), Eigen::Vector2d(1e-9, 1e-9), nullptr, nullptr);
  EXPECT_NEAR(std::exp(value), 1.25, 1e-6);
  Eigen::MatrixXd with_point(4, 2);
  with_point << staircase(), Eigen::RowVector2d(1.5, 1.5);
  EXPECT_NEAR(gfo::mo::hypervolume(with_point, reference) - 6.0, 1.25, 1e-12);
}

TEST(ExactLogEHVI, MatchesMonteCarloOverTheHypervolume) {
  const GaussianProcess gp = trivial_gp();
  const Eigen::Vector2d reference(4, 4);
  const ExactLogEHVI ehvi({&gp, &gp}, boxes_of(staircase(), reference));
  const Eigen::Vector2d mean(2.2, 1.8);
  const Eigen::Vector2d stddev(0.6, 0.9);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  const int samples = 100000;
  double sum = 0.0;
  double sum_squares = 0.0;
  Eigen::MatrixXd with_point(4, 2);
  with_point.topRows(3) = staircase();
  for (int s = 0; s < samples; ++s) {
    with_point.row(3) << mean(0) + stddev(0) * normal(rng), mean(1) + stddev(1) * normal(rng);
    const double improvement = gfo::mo::hypervolume(with_point, reference) - 6.0;
    sum += improvement;
    sum_squares += improvement * improvement;
  }
  const double estimate = sum / samples;
  const double standard_error = std::sqrt((sum_squares / samples - estimate * estimate) / samples);
  EXPECT_NEAR(std::exp(ehvi.from_posteriors(mean, stddev, nullptr, nullptr)), estimate, 4 * standard_error);
}

TEST(ExactLogEHVI, OneObjectiveIsLogEI) {
  const GaussianProcess gp = trivial_gp();
  const double incumbent = 0.3;
  Eigen::MatrixXd front(1, 1);
  front << incumbent;
  const ExactLogEHVI ehvi({&gp}, boxes_of(front, Eigen::VectorXd::Constant(1, 5.0)));
  const gfo::gp::SingleObjectiveAcquisition log_ei(gp, gfo::gp::AcquisitionType::kLogEI, incumbent);
  for (const double mean : {-1.0, 0.3, 2.0, 9.0}) {
    EXPECT_NEAR(
        ehvi.from_posteriors(Eigen::VectorXd::Constant(1, mean), Eigen::VectorXd::Constant(1, 0.4), nullptr, nullptr),
        log_ei.from_posterior(mean, 0.4, nullptr, nullptr), 1e-9)
        << mean;
  }
}

TEST(ExactLogEHVI, DerivativesMatchFiniteDifferences) {
  const GaussianProcess gp = trivial_gp();
  const ExactLogEHVI ehvi({&gp, &gp}, boxes_of(staircase(), Eigen::Vector2d(4, 4)));
  const Eigen::Vector4d at(2.5, 1.2, 0.7, 0.3);  // means, then standard deviations
  Eigen::VectorXd d_mean;
  Eigen::VectorXd d_stddev;
  ehvi.from_posteriors(at.head(2), at.tail(2), &d_mean, &d_stddev);
  const Eigen::VectorXd numeric = gfo_test::central_difference(
      [&](const Eigen::VectorXd& p) { return ehvi.from_posteriors(p.head(2), p.tail(2), nullptr, nullptr); }, at);
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(d_mean(j), numeric(j), 1e-6);
    EXPECT_NEAR(d_stddev(j), numeric(2 + j), 1e-6);
  }
}

TEST(LogProbabilityOfFeasibility, ValuesDerivativesAndTails) {
  const GaussianProcess gp = trivial_gp();
  const gfo::gp::LogProbabilityOfFeasibility feasibility(gp, 0.5);
  // P(c <= 0.5) for c ~ N(0.1, 0.4^2) = Phi(1).
  EXPECT_NEAR(feasibility.from_posterior(0.1, 0.4, nullptr, nullptr), std::log(0.8413447460685429), 1e-12);
  double d_mean = 0.0;
  double d_stddev = 0.0;
  feasibility.from_posterior(0.9, 0.3, &d_mean, &d_stddev);
  const Eigen::VectorXd numeric = gfo_test::central_difference(
      [&](const Eigen::VectorXd& p) { return feasibility.from_posterior(p(0), p(1), nullptr, nullptr); },
      Eigen::Vector2d(0.9, 0.3));
  EXPECT_NEAR(d_mean, numeric(0), 1e-6);
  EXPECT_NEAR(d_stddev, numeric(1), 1e-6);
  // 40 standard deviations on the infeasible side: finite, with a gradient pointing back.
  const double far = feasibility.from_posterior(40.5, 1.0, &d_mean, &d_stddev);
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_LT(far, -800.0);
  EXPECT_TRUE(std::isfinite(d_mean));
  EXPECT_LT(d_mean, -39.0);
}

}  // namespace
