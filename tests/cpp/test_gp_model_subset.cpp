// Long studies: gfo::gp::model_subset, and propose_gp past GPEIOptions::max_model_observations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "gfo/gp/model_subset.hpp"
#include "gfo/gp/proposal.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;
using gfo::gp::GPTrials;
using gfo::gp::Kernel;
using gfo::gp::KernelType;
using gfo::gp::model_subset;
using gfo::gp::propose_gp;
using gfo::gp::TrialOutcome;

Eigen::MatrixXd uniform_points(Eigen::Index n, Eigen::Index d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd x(n, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) x(i, j) = uniform(rng);
  return x;
}

GPTrials completed(const Eigen::MatrixXd& x, const Eigen::VectorXd& values) {
  GPTrials trials;
  trials.points = x;
  trials.outcomes.assign(static_cast<size_t>(x.rows()), TrialOutcome::kCompleted);
  trials.objectives = values;
  trials.constraints.resize(x.rows(), 0);
  trials.running.resize(0, x.cols());
  return trials;
}

TEST(ModelSubset, KeepsEveryRowUpToItsSize) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd x = uniform_points(20, 2, 1);
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, x.topRows(1), Eigen::Vector2d::Ones(), 20);
  ASSERT_EQ(rows.size(), 20U);
  for (Eigen::Index i = 0; i < 20; ++i) EXPECT_EQ(rows[static_cast<size_t>(i)], i);
}

TEST(ModelSubset, HalfNearestToTheAnchorsHalfSpreadOverTheRest) {
  // Points on a line, in time order 0..99 at x = i / 99; the anchor at x = 1 (the last row).
  const Kernel kernel(KernelType::kMatern52, {false});
  Eigen::MatrixXd x(100, 1);
  for (Eigen::Index i = 0; i < 100; ++i) x(i, 0) = static_cast<double>(i) / 99.0;
  const Eigen::MatrixXd anchor = Eigen::MatrixXd::Ones(1, 1);
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, anchor, Eigen::VectorXd::Ones(1), 20);
  ASSERT_EQ(rows.size(), 20U);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
  EXPECT_EQ(std::set<Eigen::Index>(rows.begin(), rows.end()).size(), 20U);
  // The 10 nearest: rows 90..99.
  for (Eigen::Index i = 90; i < 100; ++i) EXPECT_TRUE(std::binary_search(rows.begin(), rows.end(), i)) << i;
  // The other 10 spread over rows 0..89: one in each ninth.
  for (Eigen::Index block = 0; block < 9; ++block) {
    const bool any = std::any_of(rows.begin(), rows.end(), [&](Eigen::Index r) { return r / 10 == block; });
    EXPECT_TRUE(any) << "no row in " << block * 10 << ".." << block * 10 + 9;
  }
}

TEST(ModelSubset, NearnessFollowsTheLengthScales) {
  // Dimension 1 varies a lot but has a huge length scale: nearness is decided by dimension 0.
  const Kernel kernel(KernelType::kMatern52, {false, false});
  Eigen::MatrixXd x = uniform_points(200, 2, 2);
  const Eigen::MatrixXd anchor = (Eigen::MatrixXd(1, 2) << 0.5, 0.0).finished();
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, anchor, Eigen::Vector2d(0.1, 1e6), 40);
  std::vector<double> gaps;
  for (Eigen::Index i = 0; i < x.rows(); ++i) gaps.push_back(std::abs(x(i, 0) - 0.5));
  std::vector<double> sorted = gaps;
  std::sort(sorted.begin(), sorted.end());
  int n_near = 0;
  for (const Eigen::Index r : rows) n_near += gaps[static_cast<size_t>(r)] <= sorted[19] ? 1 : 0;
  EXPECT_EQ(n_near, 20);
}

TEST(ModelSubset, RejectsBadArguments) {
  const Kernel kernel(KernelType::kMatern52, {false});
  const Eigen::MatrixXd x = uniform_points(10, 1, 3);
  EXPECT_THROW(model_subset(kernel, x, x.topRows(1), Eigen::VectorXd::Ones(1), 0), std::invalid_argument);
  EXPECT_THROW(model_subset(kernel, x, Eigen::MatrixXd(0, 1), Eigen::VectorXd::Ones(1), 5), std::invalid_argument);
}

// 400 observations of a bowl centred at (0.3, 0.7): the models see 60 of them.
TEST(ProposalPastMaxModelObservations, ProposesNearTheMinimumAndCountsEveryTrialForTheRefits) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = uniform_points(400, 2, 4);
  const Eigen::VectorXd values = ((x.col(0).array() - 0.3).square() + (x.col(1).array() - 0.7).square()).matrix();
  GPEIOptions options;
  options.max_model_observations = 60;
  options.optimizer.n_threads = 1;
  const gfo::gp::GPProposal proposal = propose_gp(space, completed(x, values), options, {}, 7);
  ASSERT_EQ(proposal.point.size(), 2);
  EXPECT_LT((proposal.point - Eigen::Vector2d(0.3, 0.7)).norm(), 0.05);
  ASSERT_EQ(proposal.models.size(), 1U);
  EXPECT_EQ(proposal.models[0].n_observations, 400);
  EXPECT_EQ(proposal.models[0].factor->inputs().rows(), 60);
}

TEST(ProposalPastMaxModelObservations, NeverProposesAnExcludedPointOutsideTheSubset) {
  // A deterministic objective on 30 integers; 26 evaluated, the models see 6: the proposal is
  // one of the 4 left, though the subset cannot tell the model which.
  const SearchSpace space({Dimension::grid(0.0, 29.0, 1.0, false)});
  const std::vector<double> left = {3.0, 11.0, 17.0, 26.0};
  std::vector<double> evaluated;
  for (int k = 0; k < 30; ++k)
    if (std::find(left.begin(), left.end(), k) == left.end()) evaluated.push_back(k);
  Eigen::MatrixXd indices(static_cast<Eigen::Index>(evaluated.size()), 1);
  for (size_t r = 0; r < evaluated.size(); ++r) indices(static_cast<Eigen::Index>(r), 0) = evaluated[r];
  const Eigen::MatrixXd x = space.from_grid_indices(indices);
  const Eigen::VectorXd values = (indices.col(0).array() - 12.0).square().matrix();
  GPEIOptions options;
  options.max_model_observations = 6;
  options.deterministic_objective = true;
  options.optimizer.n_threads = 1;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const gfo::gp::GPProposal proposal = propose_gp(space, completed(x, values), options, {}, seed);
    ASSERT_FALSE(proposal.exhausted);
    const double k = space.grid_index(0, proposal.point(0));
    EXPECT_NE(std::find(left.begin(), left.end(), k), left.end()) << "proposed the evaluated " << k;
  }
}

TEST(ProposalPastMaxModelObservations, KeepsAConstraintWhoseValuesAreOnlyOnOldTrials) {
  // Only trials 1-4 of 200 reported the constraint, all far from the best trial and between the
  // rows the subset spreads over: it still takes one of them, so that the constraint's model can
  // be fitted.
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  Eigen::MatrixXd x(200, 1);
  for (Eigen::Index i = 0; i < 200; ++i) x(i, 0) = i < 5 ? 0.01 * static_cast<double>(i) : 0.2 + 0.004 * i;
  GPTrials trials = completed(x, (x.col(0).array() - 0.9).square().matrix());
  trials.constraints = Eigen::MatrixXd::Constant(200, 1, std::nan(""));
  for (Eigen::Index i = 1; i < 5; ++i) trials.constraints(i, 0) = -1.0;
  GPEIOptions options;
  options.max_model_observations = 10;
  options.optimizer.n_threads = 1;
  const gfo::gp::GPProposal proposal = propose_gp(space, trials, options, {}, 3);
  ASSERT_EQ(proposal.models.size(), 2U);
  EXPECT_EQ(proposal.models[1].factor->inputs().rows(), 1);
}

TEST(ProposalPastMaxModelObservations, RejectsANegativeSize) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = uniform_points(5, 1, 5);
  GPEIOptions options;
  options.max_model_observations = -1;
  EXPECT_THROW(propose_gp(space, completed(x, x.col(0)), options, {}, 0), std::invalid_argument);
}

}  // namespace
