// Screening candidates by a variance bound (PosteriorAcquisition::best_rows) must pick exactly
// the rows that evaluating every candidate picks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "gfo/gp/acquisition.hpp"
#include "gfo/gp/acquisition_sum.hpp"
#include "gfo/gp/gaussian_process.hpp"

namespace {

using gfo::gp::AcquisitionType;
using gfo::gp::GaussianProcess;
using gfo::gp::Kernel;
using gfo::gp::KernelType;
using gfo::gp::ScoredRow;
using gfo::gp::SingleObjectiveAcquisition;

constexpr int kDimension = 3;

// Many observations, most of them crowded around the optimum as in a late study: the regime
// where screening is used (n >= 256).
struct LateStudyGP {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  GaussianProcess gp;

  static Eigen::MatrixXd inputs(int n) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    Eigen::MatrixXd x(n, kDimension);
    for (int i = 0; i < n; ++i) {
      const double spread = 1.0 / (1.0 + i / 20.0);
      for (int j = 0; j < kDimension; ++j)
        x(i, j) = i < n / 4 ? uniform(rng) : std::clamp(0.3 + 0.3 * spread * normal(rng), 0.0, 1.0);
    }
    return x;
  }
  static Eigen::VectorXd targets(const Eigen::MatrixXd& x) {
    Eigen::VectorXd y(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      y(i) = (x.row(i).array() - 0.3).square().sum() + 0.1 * std::sin(9 * x(i, 0));
    return (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  }
  static gfo::gp::GPHyperparameters hyperparameters() {
    gfo::gp::GPHyperparameters hp;
    hp.kernel.lengthscales = Eigen::Vector3d(0.4, 0.3, 0.5);
    hp.kernel.signal_variance = 1.2;
    hp.noise_variance = 1e-5;
    return hp;
  }
  explicit LateStudyGP(int n)
      : x(inputs(n)),
        y(targets(x)),
        gp(Kernel(KernelType::kMatern52, {false, false, false}), x, y, hyperparameters()) {}
};

Eigen::MatrixXd candidates(int count) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd points(count, kDimension);
  for (int i = 0; i < count; ++i)
    for (int j = 0; j < kDimension; ++j) points(i, j) = i % 3 == 0 ? 0.3 + 0.05 * (uniform(rng) - 0.5) : uniform(rng);
  return points;
}

// Counts how often the posterior is turned into a value: once per row for the bounds, once per
// exactly evaluated row.
class CountingLogEI : public gfo::gp::PosteriorAcquisition {
 public:
  CountingLogEI(const GaussianProcess& gp, double incumbent, bool grows)
      : PosteriorAcquisition(gp), log_ei_(gp, AcquisitionType::kLogEI, incumbent), grows_(grows) {}
  double from_posterior(double mean, double stddev, double* d_mean, double* d_stddev) const override {
    ++calls;
    return log_ei_.from_posterior(mean, stddev, d_mean, d_stddev);
  }
  bool grows_with_stddev() const override { return grows_; }
  mutable int calls = 0;

 private:
  SingleObjectiveAcquisition log_ei_;
  bool grows_;
};

TEST(VarianceBound, BoundsTheVarianceAndIsExactWithAllPoints) {
  const LateStudyGP m(300);
  const Eigen::MatrixXd points = candidates(200);
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;
  m.gp.predict(points, mean, variance);
  for (const Eigen::Index prefix : {Eigen::Index{0}, Eigen::Index{37}, Eigen::Index{150}, Eigen::Index{300}}) {
    Eigen::VectorXd bound_mean;
    Eigen::VectorXd bound;
    m.gp.predict_with_variance_bound(points, prefix, bound_mean, bound);
    EXPECT_LT((bound_mean - mean).cwiseAbs().maxCoeff(), 1e-10) << prefix;
    for (Eigen::Index i = 0; i < points.rows(); ++i)
      EXPECT_GE(bound(i), variance(i) * (1.0 - 1e-9) - 1e-12) << prefix << ", " << i;
    if (prefix == 0) EXPECT_LT((bound.array() - 1.2).abs().maxCoeff(), 1e-12);
    if (prefix == 300) EXPECT_LT((bound - variance).cwiseAbs().maxCoeff(), 1e-10);
  }
  Eigen::VectorXd bound_mean;
  Eigen::VectorXd bound;
  EXPECT_THROW(m.gp.predict_with_variance_bound(points, 301, bound_mean, bound), std::invalid_argument);
  EXPECT_THROW(m.gp.predict_with_variance_bound(points, -1, bound_mean, bound), std::invalid_argument);
}

class ScreenedTypes : public ::testing::TestWithParam<AcquisitionType> {};

TEST_P(ScreenedTypes, SameRowsAndValuesAsEvaluatingAll) {
  const LateStudyGP m(400);
  const Eigen::MatrixXd points = candidates(520);
  const SingleObjectiveAcquisition acquisition(m.gp, GetParam(), m.y.minCoeff());
  for (const Eigen::Index count : {1, 4, 10, 600}) {
    const std::vector<ScoredRow> screened = acquisition.best_rows(points, count);
    const std::vector<ScoredRow> all = acquisition.AcquisitionFunction::best_rows(points, count);
    ASSERT_EQ(screened.size(), all.size()) << count;
    ASSERT_EQ(all.size(), static_cast<size_t>(std::min<Eigen::Index>(count, 520)));
    for (size_t k = 0; k < all.size(); ++k) {
      EXPECT_EQ(screened[k].row, all[k].row) << count << ", " << k;
      EXPECT_NEAR(screened[k].value, all[k].value, 1e-9 * std::max(1.0, std::abs(all[k].value))) << count;
      if (k > 0) EXPECT_GE(all[k - 1].value, all[k].value);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(GrowingWithStddev, ScreenedTypes,
                         ::testing::Values(AcquisitionType::kLogEI, AcquisitionType::kEI, AcquisitionType::kUCB));

TEST(Screening, EvaluatesFewRowsExactly) {
  const LateStudyGP m(400);
  const Eigen::MatrixXd points = candidates(520);
  const CountingLogEI acquisition(m.gp, m.y.minCoeff(), true);
  const std::vector<ScoredRow> best = acquisition.best_rows(points, 4);
  const int exact = acquisition.calls - 520;
  EXPECT_GE(exact, 4);
  EXPECT_LT(exact, 520 / 2);
  ASSERT_EQ(best.size(), 4u);
}

TEST(Screening, NotUsedWhenTheAcquisitionMayFallWithTheStddev) {
  const LateStudyGP m(400);
  const Eigen::MatrixXd points = candidates(520);
  const CountingLogEI acquisition(m.gp, m.y.minCoeff(), false);
  acquisition.best_rows(points, 4);
  EXPECT_EQ(acquisition.calls, 520);
  const SingleObjectiveAcquisition lower_bound_seeking(m.gp, AcquisitionType::kUCB, 0.0, -1.0);
  EXPECT_FALSE(lower_bound_seeking.grows_with_stddev());
}

TEST(Screening, NotUsedWithFewTrainingPoints) {
  const LateStudyGP m(100);
  const Eigen::MatrixXd points = candidates(520);
  const CountingLogEI acquisition(m.gp, m.y.minCoeff(), true);
  const std::vector<ScoredRow> best = acquisition.best_rows(points, 4);
  EXPECT_EQ(acquisition.calls, 520);
  const std::vector<ScoredRow> all = acquisition.AcquisitionFunction::best_rows(points, 4);
  for (size_t k = 0; k < all.size(); ++k) EXPECT_EQ(best[k].row, all[k].row);
}

}  // namespace

// The proposal always wraps its terms in an AcquisitionSum: with a single term (one objective,
// no constraint, every trial completed) the sum must screen as that term does.
TEST(Screening, ASumOfOneTermScreensAsTheTermDoes) {
  const LateStudyGP m(400);
  const Eigen::MatrixXd points = candidates(520);
  const CountingLogEI alone(m.gp, m.y.minCoeff(), true);
  const std::vector<ScoredRow> expected = alone.best_rows(points, 4);
  std::vector<std::unique_ptr<gfo::gp::AcquisitionFunction>> terms;
  terms.push_back(std::make_unique<CountingLogEI>(m.gp, m.y.minCoeff(), true));
  const auto* term = static_cast<const CountingLogEI*>(terms.front().get());
  const gfo::gp::AcquisitionSum sum(std::move(terms));
  const std::vector<ScoredRow> best = sum.best_rows(points, 4);
  ASSERT_EQ(best.size(), expected.size());
  for (size_t k = 0; k < best.size(); ++k) EXPECT_EQ(best[k].row, expected[k].row);
  EXPECT_EQ(term->calls, alone.calls);
  EXPECT_LT(term->calls - 520, 520 / 4);  // few rows evaluated exactly
}
