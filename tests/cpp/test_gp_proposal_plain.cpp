#include "gp_proposal_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;

const double kInf = std::numeric_limits<double>::infinity();

TEST(StandardizeTargets, ZeroMeanUnitVariance) {
  Eigen::VectorXd values(6);
  values << 3.0, -1.0, 10.5, 0.25, 7.0, 2.0;
  const Eigen::VectorXd y = gfo::gp::standardize_targets(values);
  ASSERT_EQ(y.size(), 6);
  EXPECT_NEAR(y.mean(), 0.0, 1e-15);
  EXPECT_NEAR(std::sqrt(y.squaredNorm() / 6.0), 1.0, 1e-15);
  // An affine map that keeps the order.
  const double mean = values.mean();
  const double stddev = std::sqrt((values.array() - mean).square().mean());
  for (Eigen::Index i = 0; i < 6; ++i) EXPECT_NEAR(y(i), (values(i) - mean) / stddev, 1e-14);
}

TEST(StandardizeTargets, InfinitiesAreClippedToTheExtremeFiniteValues) {
  Eigen::VectorXd values(5);
  values << 1.0, 2.0, kInf, -kInf, 3.0;
  const Eigen::VectorXd y = gfo::gp::standardize_targets(values);
  // As if the values were 1, 2, 3, 1, 3: mean 2, variance 4/5.
  const double stddev = std::sqrt(0.8);
  Eigen::VectorXd expected(5);
  expected << -1.0 / stddev, 0.0, 1.0 / stddev, -1.0 / stddev, 1.0 / stddev;
  EXPECT_LT((y - expected).cwiseAbs().maxCoeff(), 1e-14) << y.transpose();
  EXPECT_TRUE(y.allFinite());
}

TEST(StandardizeTargets, ConstantOrAllInfiniteGiveZeros) {
  EXPECT_EQ(gfo::gp::standardize_targets(Eigen::VectorXd::Constant(4, 2.5)), Eigen::VectorXd::Zero(4));
  EXPECT_EQ(gfo::gp::standardize_targets(Eigen::VectorXd::Constant(1, -7.0)), Eigen::VectorXd::Zero(1));
  Eigen::VectorXd infinite(3);
  infinite << kInf, -kInf, kInf;
  EXPECT_EQ(gfo::gp::standardize_targets(infinite), Eigen::VectorXd::Zero(3));
  Eigen::VectorXd one_finite(3);
  one_finite << kInf, 4.0, kInf;
  EXPECT_EQ(gfo::gp::standardize_targets(one_finite), Eigen::VectorXd::Zero(3));
}

TEST(StandardizeTargets, NaNThrows) {
  Eigen::VectorXd values(3);
  values << 1.0, std::nan(""), 2.0;
  EXPECT_THROW(gfo::gp::standardize_targets(values), std::invalid_argument);
}

// f(u, v) = (u - 1)^2 + (v + 2)^2 on [-5, 5]^2, observed at 15 random points.
struct Quadratic {
  SearchSpace space{{Dimension::continuous(-5.0, 5.0, false), Dimension::continuous(-5.0, 5.0, false)}};
  Eigen::MatrixXd observed;
  Eigen::VectorXd values;

  static double f(const Eigen::VectorXd& native) { return std::pow(native(0) - 1.0, 2) + std::pow(native(1) + 2.0, 2); }

  Quadratic() : observed(15, 2), values(15) {
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (Eigen::Index i = 0; i < observed.rows(); ++i) observed.row(i) << uniform(rng), uniform(rng);
    const Eigen::MatrixXd native = space.to_natives(observed);
    for (Eigen::Index i = 0; i < observed.rows(); ++i) values(i) = f(native.row(i).transpose());
  }
};

::testing::AssertionResult admissible(const SearchSpace& space, const Eigen::VectorXd& point) {
  if (point.size() != space.size()) return ::testing::AssertionFailure() << "wrong size " << point.size();
  const Eigen::MatrixXd row = point.transpose();
  if (!row.allFinite()) return ::testing::AssertionFailure() << "not finite: " << row;
  if (space.snap(row) != row) return ::testing::AssertionFailure() << row << " snaps to " << space.snap(row);
  return ::testing::AssertionSuccess();
}

TEST(ProposeGPEI, ReturnsAnAdmissibleDeterministicProposal) {
  const Quadratic q;
  const GPEIOptions options;
  const gfo_test::EIProposal a =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, nullptr, 7);
  const gfo_test::EIProposal b =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, nullptr, 7);
  EXPECT_TRUE(admissible(q.space, a.point));
  EXPECT_EQ(a.point, b.point);
  EXPECT_EQ(a.acquisition_value, b.acquisition_value);
  EXPECT_EQ(a.hyperparameters.kernel.lengthscales, b.hyperparameters.kernel.lengthscales);
  EXPECT_TRUE(std::isfinite(a.acquisition_value));
  ASSERT_EQ(a.hyperparameters.kernel.lengthscales.size(), 2);
  EXPECT_TRUE(a.hyperparameters.kernel.lengthscales.allFinite());
  // Not a point already observed.
  for (Eigen::Index i = 0; i < q.observed.rows(); ++i)
    EXPECT_GT((q.observed.row(i).transpose() - a.point).norm(), 1e-6) << i;
}

TEST(ProposeGPEI, ProposalsHeadForTheMinimum) {
  // A smooth bowl: the proposal should improve on a typical observation.
  const Quadratic q;
  const gfo_test::EIProposal proposal =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), GPEIOptions(), nullptr, 3);
  const double proposed_value = Quadratic::f(q.space.to_natives(proposal.point.transpose()).row(0).transpose());
  Eigen::VectorXd sorted = q.values;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  EXPECT_LT(proposed_value, sorted(sorted.size() / 2)) << "proposal " << q.space.to_natives(proposal.point.transpose());
}

// The quadratic's observations plus two in a corner whose values are 1e6 times the others'.
struct BowlWithExtremeValues {
  explicit BowlWithExtremeValues(const Quadratic& q) : observed(q.observed.rows() + 2, 2), values(q.values.size() + 2) {
    observed << q.observed, 0.99, 0.99, 0.01, 0.98;
    values << q.values, 1e8, 3e8;
  }
  Eigen::MatrixXd observed;
  Eigen::VectorXd values;
};

TEST(ProposeGPEI, WarpedObjectivesSeeTheBowlPastExtremeValues) {
  // The bowl plus two observations whose values are 1e6 times the others': standardized as they
  // are, the bowl's values all sit within 1e-5 of each other and the model sees no slope there;
  // warped (GPEIOptions::warp_objectives), the proposals head for the minimum again.
  const Quadratic q;
  const BowlWithExtremeValues bowl(q);
  const Eigen::MatrixXd& observed = bowl.observed;
  const Eigen::VectorXd& values = bowl.values;
  Eigen::VectorXd sorted = q.values;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  GPEIOptions options;
  ASSERT_TRUE(options.warp_objectives);  // the default
  for (const std::uint64_t seed : {3ULL, 4ULL, 5ULL}) {
    const gfo_test::EIProposal proposal =
        gfo_test::propose_ei(q.space, observed, values, Eigen::MatrixXd(0, 2), options, nullptr, seed);
    const double proposed_value = Quadratic::f(q.space.to_natives(proposal.point.transpose()).row(0).transpose());
    EXPECT_LT(proposed_value, sorted(sorted.size() / 4)) << "seed " << seed;
  }
}

TEST(ProposeGPEI, NoWarpWhileSomeTrialWasPruned) {
  // The bowl with two extreme values, as above: the warp changes the objective's fit, unless a
  // trial was pruned (the pruned trials' imputed values are calibrated unwarped).
  const Quadratic q;
  const BowlWithExtremeValues bowl(q);
  gfo::gp::GPTrials trials = gfo_test::completed_trials(
      bowl.observed, bowl.values, Eigen::MatrixXd(bowl.observed.rows(), 0), Eigen::MatrixXd(0, 2));
  GPEIOptions warped;
  GPEIOptions unwarped;
  unwarped.warp_objectives = false;
  const auto fit = [&](const GPEIOptions& options) {
    return gfo::gp::to_log_parameters(
        gfo::gp::propose_gp(q.space, trials, options, {}, 3).models.at(0).hyperparameters);
  };
  EXPECT_GT((fit(warped) - fit(unwarped)).norm(), 1e-2);
  trials.outcomes[0] = gfo::gp::TrialOutcome::kPruned;
  EXPECT_EQ(fit(warped), fit(unwarped));
}

TEST(ProposeGPEI, WarpingKeepsTheOrderAndIgnoresAnAffineMapOfTheValues) {
  // The warp acts on standardized values (not on the raw ones, whose units would then matter):
  // an affine map of the values with a positive factor gives the same proposal.
  const Quadratic q;
  const GPEIOptions options;
  const gfo_test::EIProposal plain =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, nullptr, 11);
  const Eigen::VectorXd moved = (1e3 * q.values.array() - 5e4).matrix();
  const gfo_test::EIProposal affine =
      gfo_test::propose_ei(q.space, q.observed, moved, Eigen::MatrixXd(0, 2), options, nullptr, 11);
  EXPECT_LT((plain.point - affine.point).norm(), 1e-6);
}

TEST(ProposeGPEI, PendingPointIsNotProposedAgain) {
  const Quadratic q;
  const GPEIOptions options;
  Eigen::Index best = 0;
  q.values.minCoeff(&best);
  const Eigen::MatrixXd pending = q.observed.row(best);
  for (const std::uint64_t seed : {0ULL, 1ULL, 2ULL}) {
    const gfo_test::EIProposal first =
        gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, nullptr, seed);
    const gfo_test::EIProposal with_pending =
        gfo_test::propose_ei(q.space, q.observed, q.values, pending, options, nullptr, seed);
    EXPECT_TRUE(admissible(q.space, with_pending.point));
    EXPECT_GT((with_pending.point - pending.row(0).transpose()).norm(), 1e-3) << "seed " << seed;
    // The first proposal, while it is pending, is not proposed again either.
    const gfo_test::EIProposal second =
        gfo_test::propose_ei(q.space, q.observed, q.values, first.point.transpose(), options, nullptr, seed);
    EXPECT_GT((second.point - first.point).norm(), 1e-3) << "seed " << seed;
  }
}

TEST(ProposeGPEI, MixedSpaceProposalsAreAdmissible) {
  const SearchSpace space({Dimension::continuous(1e-3, 1.0, true), Dimension::grid(-10.2, 10.2, 0.1, false),
                           Dimension::grid(1.0, 100.0, 1.0, true), Dimension::categorical(3),
                           Dimension::grid(4.0, 4.0, 1.0, false)});
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(12, 5);
  for (Eigen::Index r = 0; r < unit.rows(); ++r)
    for (Eigen::Index c = 0; c < unit.cols(); ++c) unit(r, c) = uniform(rng);
  const Eigen::MatrixXd observed = space.from_unit_cube(unit);
  const Eigen::MatrixXd native = space.to_natives(observed);
  Eigen::VectorXd values(observed.rows());
  for (Eigen::Index r = 0; r < observed.rows(); ++r)
    values(r) = std::log(native(r, 0)) + 0.1 * std::abs(native(r, 1) - 3.3) + (native(r, 3) == 1.0 ? -1.0 : 0.0);
  values(4) = kInf;  // a diverged trial
  for (const auto acquisition :
       {gfo::gp::AcquisitionType::kLogEI, gfo::gp::AcquisitionType::kEI, gfo::gp::AcquisitionType::kUCB}) {
    GPEIOptions options;
    options.acquisition = acquisition;
    const gfo_test::EIProposal proposal =
        gfo_test::propose_ei(space, observed, values, observed.topRows(2), options, nullptr, 11);
    EXPECT_TRUE(admissible(space, proposal.point));
    const Eigen::MatrixXd proposed_native = space.to_natives(proposal.point.transpose());
    const double k = (proposed_native(0, 1) + 10.2) / 0.1;
    EXPECT_NEAR(k, std::round(k), 1e-9);
    EXPECT_EQ(proposed_native(0, 4), 4.0);
  }
}

TEST(ProposeGPEI, WarmStartAndDeterministicObjective) {
  const Quadratic q;
  GPEIOptions options;
  options.deterministic_objective = true;
  const gfo_test::EIProposal cold =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, nullptr, 4);
  EXPECT_DOUBLE_EQ(cold.hyperparameters.noise_variance, options.fit.noise_floor);
  const gfo_test::EIProposal warm =
      gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd(0, 2), options, &cold.hyperparameters, 4);
  EXPECT_TRUE(admissible(q.space, warm.point));
  EXPECT_DOUBLE_EQ(warm.hyperparameters.noise_variance, options.fit.noise_floor);
  EXPECT_LT(
      (warm.hyperparameters.kernel.lengthscales.array().log() - cold.hyperparameters.kernel.lengthscales.array().log())
          .abs()
          .maxCoeff(),
      0.05);
}

TEST(ProposeGPEI, BadShapesThrow) {
  const Quadratic q;
  const GPEIOptions options;
  const Eigen::MatrixXd no_pending(0, 2);
  EXPECT_THROW(
      gfo_test::propose_ei(q.space, Eigen::MatrixXd(0, 2), Eigen::VectorXd(0), no_pending, options, nullptr, 0),
      std::invalid_argument);
  EXPECT_THROW(gfo_test::propose_ei(q.space, q.observed.leftCols(1), q.values, no_pending, options, nullptr, 0),
               std::invalid_argument);
  EXPECT_THROW(gfo_test::propose_ei(q.space, q.observed, q.values.head(14), no_pending, options, nullptr, 0),
               std::invalid_argument);
  EXPECT_THROW(gfo_test::propose_ei(q.space, q.observed, q.values, Eigen::MatrixXd::Zero(1, 3), options, nullptr, 0),
               std::invalid_argument);
  Eigen::VectorXd with_nan = q.values;
  with_nan(3) = std::nan("");
  EXPECT_THROW(gfo_test::propose_ei(q.space, q.observed, with_nan, no_pending, options, nullptr, 0),
               std::invalid_argument);
}

}  // namespace
