// Long studies: gfo::gp::model_subset, and propose_gp past GPEIOptions::max_model_observations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>
#include <vector>

#include "gfo/gp/model_subset.hpp"
#include "gfo/gp/proposal.hpp"
#include "gp_proposal_support.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;
using gfo::gp::GPTrials;
using gfo::gp::Kernel;
using gfo::gp::KernelType;
using gfo::gp::model_subset;
using gfo::gp::propose_gp;
using gfo_test::random_coordinates;

// Completed trials only, none running.
GPTrials completed(const Eigen::MatrixXd& x, const Eigen::VectorXd& values) {
  return gfo_test::completed_trials(x, values, Eigen::MatrixXd(x.rows(), 0), Eigen::MatrixXd(0, x.cols()));
}

std::function<Eigen::MatrixXd(Eigen::Index)> fixed(const Eigen::MatrixXd& anchors) {
  return [anchors](Eigen::Index) { return anchors; };
}

TEST(ModelSubset, KeepsEveryRowUpToItsSize) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd x = random_coordinates(20, 2, 1);
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, fixed(x.topRows(1)), Eigen::Vector2d::Ones(), 20);
  ASSERT_EQ(rows.size(), 20U);
  for (Eigen::Index i = 0; i < 20; ++i) EXPECT_EQ(rows[static_cast<size_t>(i)], i);
}

TEST(ModelSubset, HalfNearestToTheAnchorsThenTheRecentWindow) {
  // Points on a line, in time order 0..99 at x = i / 99; the anchor at x = 0.3 (row 29.7). With
  // a size of 20 the window moves by 5 rows: at 100 rows it holds rows 91-99.
  const Kernel kernel(KernelType::kMatern52, {false});
  Eigen::MatrixXd x(100, 1);
  for (Eigen::Index i = 0; i < 100; ++i) x(i, 0) = static_cast<double>(i) / 99.0;
  Eigen::Index asked = -1;
  const auto anchors = [&](Eigen::Index end) {
    asked = end;
    return Eigen::MatrixXd::Constant(1, 1, 0.3).eval();
  };
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, anchors, Eigen::VectorXd::Ones(1), 20);
  EXPECT_EQ(asked, 91);
  std::vector<Eigen::Index> expected;
  for (Eigen::Index i = 25; i < 35; ++i) expected.push_back(i);   // the 10 nearest
  for (Eigen::Index i = 91; i < 100; ++i) expected.push_back(i);  // the window
  EXPECT_EQ(rows, expected);
}

TEST(ModelSubset, BetweenMovesOfTheWindowTheRowsOnlyGrow) {
  const Kernel kernel(KernelType::kMatern52, {false, false});
  const Eigen::MatrixXd x = random_coordinates(200, 2, 9);
  // The anchors: the row nearest the centre among the first `end` rows.
  const auto anchors = [&](Eigen::Index end) {
    Eigen::Index best = 0;
    (x.topRows(end).rowwise() - Eigen::RowVector2d(0.5, 0.5)).rowwise().squaredNorm().minCoeff(&best);
    return Eigen::MatrixXd(x.row(best));
  };
  int n_moves = 0;
  std::vector<Eigen::Index> previous = model_subset(kernel, x.topRows(60), anchors, Eigen::Vector2d::Ones(), 40);
  for (Eigen::Index n = 61; n <= 200; ++n) {
    const std::vector<Eigen::Index> rows = model_subset(kernel, x.topRows(n), anchors, Eigen::Vector2d::Ones(), 40);
    EXPECT_GE(rows.size(), 30U);
    EXPECT_LT(rows.size(), 40U);
    EXPECT_EQ(rows.back(), n - 1);
    const bool grew = rows.size() == previous.size() + 1 && std::equal(previous.begin(), previous.end(), rows.begin());
    if (!grew) ++n_moves;
    EXPECT_EQ(grew, gfo::gp::window_start(n, 40) == gfo::gp::window_start(n - 1, 40)) << n;
    previous = rows;
  }
  EXPECT_EQ(n_moves, 14);  // every 10 rows
}

TEST(ModelSubset, NearnessFollowsTheLengthScales) {
  // Dimension 1 varies a lot but has a huge length scale: nearness is decided by dimension 0.
  const Kernel kernel(KernelType::kMatern52, {false, false});
  Eigen::MatrixXd x = random_coordinates(200, 2, 2);
  const Eigen::MatrixXd anchor = (Eigen::MatrixXd(1, 2) << 0.5, 0.0).finished();
  const std::vector<Eigen::Index> rows = model_subset(kernel, x, fixed(anchor), Eigen::Vector2d(0.1, 1e6), 40);
  const Eigen::Index start = gfo::gp::window_start(200, 40);
  std::vector<double> gaps;
  for (Eigen::Index i = 0; i < start; ++i) gaps.push_back(std::abs(x(i, 0) - 0.5));
  std::vector<double> sorted = gaps;
  std::sort(sorted.begin(), sorted.end());
  int n_near = 0;
  for (const Eigen::Index r : rows) n_near += r < start && gaps[static_cast<size_t>(r)] <= sorted[19] ? 1 : 0;
  EXPECT_EQ(n_near, 20);
}

TEST(ModelSubset, RejectsBadArguments) {
  const Kernel kernel(KernelType::kMatern52, {false});
  const Eigen::MatrixXd x = random_coordinates(10, 1, 3);
  EXPECT_THROW(model_subset(kernel, x, fixed(x.topRows(1)), Eigen::VectorXd::Ones(1), 3), std::invalid_argument);
  EXPECT_THROW(model_subset(kernel, x, fixed(Eigen::MatrixXd(0, 1)), Eigen::VectorXd::Ones(1), 5),
               std::invalid_argument);
}

// 400 observations of a bowl centred at (0.3, 0.7): the models see 60 of them.
TEST(ProposalPastMaxModelObservations, ProposesNearTheMinimumAndCountsEveryTrialForTheRefits) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_coordinates(400, 2, 4);
  const Eigen::VectorXd values = ((x.col(0).array() - 0.3).square() + (x.col(1).array() - 0.7).square()).matrix();
  GPEIOptions options;
  options.max_model_observations = 60;
  options.optimizer.n_threads = 1;
  const gfo::gp::GPProposal proposal = propose_gp(space, completed(x, values), options, {}, 7);
  ASSERT_EQ(proposal.point.size(), 2);
  EXPECT_LT((proposal.point - Eigen::Vector2d(0.3, 0.7)).norm(), 0.05);
  ASSERT_EQ(proposal.models.size(), 1U);
  EXPECT_EQ(proposal.models[0].n_observations, 400);
  EXPECT_LT(proposal.models[0].factor->inputs().rows(), 60);
  EXPECT_GE(proposal.models[0].factor->inputs().rows(), 45);
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
  // Only trials 1-4 of 200 reported the constraint, old ones far from the best trial: the subset
  // still takes one of them, so that the constraint's model can be fitted.
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

TEST(MaxFitObservations, FitsToEvenlySpreadRowsAndPredictsWithEveryRow) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_coordinates(300, 2, 6);
  const Eigen::VectorXd values = ((x.col(0).array() - 0.3).square() + (x.col(1).array() * 7.0).sin()).matrix();
  GPEIOptions options;
  options.optimizer.n_threads = 1;
  const gfo::gp::GPProposal full = propose_gp(space, completed(x, values), options, {}, 8);
  options.max_fit_observations = 40;
  const gfo::gp::GPProposal subset = propose_gp(space, completed(x, values), options, {}, 8);
  ASSERT_EQ(subset.models.size(), 1U);
  EXPECT_EQ(subset.models[0].factor->inputs().rows(), 300);
  EXPECT_EQ(subset.models[0].n_observations, 300);
  const Eigen::VectorXd full_scales = full.models[0].hyperparameters.kernel.lengthscales;
  const Eigen::VectorXd subset_scales = subset.models[0].hyperparameters.kernel.lengthscales;
  EXPECT_GT((full_scales - subset_scales).cwiseAbs().maxCoeff(), 1e-3 * full_scales.maxCoeff());
  options.max_fit_observations = -1;
  EXPECT_THROW(propose_gp(space, completed(x, values), options, {}, 8), std::invalid_argument);
}

TEST(ProposalPastMaxModelObservations, RejectsANegativeSize) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_coordinates(5, 1, 5);
  GPEIOptions options;
  options.max_model_observations = -1;
  EXPECT_THROW(propose_gp(space, completed(x, x.col(0)), options, {}, 0), std::invalid_argument);
}

}  // namespace
