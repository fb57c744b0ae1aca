// gfo::gp::choose_gp_candidate: propose_gp's models and acquisition, maximized over given rows.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "gfo/common/errors.hpp"
#include "gp_proposal_support.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;
using gfo::gp::GPProposal;
using gfo::gp::GPTrials;
using gfo::gp::TrialOutcome;

// f(u, v) = (u - 1)^2 + (v + 2)^2 on [-5, 5]^2 (minimum at core coordinates (0.6, 0.3)), observed
// at 20 random points.
struct Bowl {
  SearchSpace space{{Dimension::continuous(-5.0, 5.0, false), Dimension::continuous(-5.0, 5.0, false)}};
  Eigen::MatrixXd observed{20, 2};
  Eigen::VectorXd values{20};

  static double f(const Eigen::Vector2d& core) {
    return std::pow(10.0 * core(0) - 6.0, 2) + std::pow(10.0 * core(1) - 3.0, 2);
  }

  Bowl() {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (Eigen::Index i = 0; i < observed.rows(); ++i) {
      observed.row(i) << uniform(rng), uniform(rng);
      values(i) = f(observed.row(i).transpose());
    }
  }

  GPTrials trials(const Eigen::MatrixXd& running = Eigen::MatrixXd(0, 2)) const {
    return gfo_test::completed_trials(observed, values, Eigen::MatrixXd(observed.rows(), 0), running);
  }
};

// Five candidates: four corners and one next to the minimum (row 2).
Eigen::MatrixXd corners_and_centre() {
  Eigen::MatrixXd candidates(5, 2);
  candidates << 0.0, 0.0, 1.0, 1.0, 0.58, 0.32, 0.0, 1.0, 1.0, 0.0;
  return candidates;
}

TEST(ChooseGPCandidate, ChoosesTheCandidateNextToTheMinimum) {
  const Bowl bowl;
  const Eigen::MatrixXd candidates = corners_and_centre();
  const GPProposal choice = gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(), GPEIOptions(), {}, candidates, 3);
  EXPECT_EQ(choice.candidate, 2);
  EXPECT_EQ(choice.point, candidates.row(2).transpose());
  EXPECT_TRUE(std::isfinite(choice.acquisition_value));
  EXPECT_EQ(choice.models.size(), 1U);
  EXPECT_FALSE(choice.exhausted);
  // Deterministic, and the same wherever the best row stands.
  Eigen::MatrixXd reversed = candidates.colwise().reverse();
  const GPProposal again = gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(), GPEIOptions(), {}, reversed, 3);
  EXPECT_EQ(again.candidate, 2);
  EXPECT_EQ(again.acquisition_value, choice.acquisition_value);
}

TEST(ChooseGPCandidate, NeverChoosesAFailedPointAndARunningOneOnlyWhenNothingElseIsLeft) {
  const Bowl bowl;
  const Eigen::MatrixXd candidates = corners_and_centre();
  GPTrials trials = bowl.trials();
  // The centre candidate failed once.
  trials.points.conservativeResize(trials.points.rows() + 1, Eigen::NoChange);
  trials.points.bottomRows(1) = candidates.row(2);
  trials.outcomes.push_back(TrialOutcome::kFailed);
  trials.objectives.conservativeResize(trials.objectives.rows() + 1, Eigen::NoChange);
  trials.objectives.bottomRows(1).setConstant(std::nan(""));
  trials.constraints.resize(trials.points.rows(), 0);
  const GPProposal choice = gfo::gp::choose_gp_candidate(bowl.space, trials, GPEIOptions(), {}, candidates, 3);
  EXPECT_NE(choice.candidate, 2);
  EXPECT_GE(choice.candidate, 0);

  // Only the failed point and a running one: the running one, since nothing else is left.
  const Eigen::MatrixXd two = candidates({2, 0}, Eigen::all);
  trials.running = candidates.row(0);
  const GPProposal running = gfo::gp::choose_gp_candidate(bowl.space, trials, GPEIOptions(), {}, two, 3);
  EXPECT_EQ(running.candidate, 1);

  // Only the failed point: nothing to choose.
  const GPProposal none = gfo::gp::choose_gp_candidate(bowl.space, trials, GPEIOptions(), {}, candidates.row(2), 3);
  EXPECT_EQ(none.candidate, -1);
  EXPECT_TRUE(none.exhausted);
  EXPECT_EQ(none.point.size(), 0);
}

TEST(ChooseGPCandidate, ARunningPointLosesToTheNextBestCandidate) {
  const Bowl bowl;
  const Eigen::MatrixXd candidates = corners_and_centre();
  const GPProposal choice =
      gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(candidates.row(2)), GPEIOptions(), {}, candidates, 3);
  EXPECT_NE(choice.candidate, 2);
  EXPECT_GE(choice.candidate, 0);
}

TEST(ChooseGPCandidate, ConstraintsSteerTheChoiceToFeasibleCandidates) {
  // The constraint u - 0.3 <= 0 (core coordinates) cuts off the bowl's minimum: of a feasible
  // candidate and the infeasible one next to the minimum, the feasible one wins.
  const Bowl bowl;
  GPTrials trials = bowl.trials();
  trials.constraints = (bowl.observed.col(0).array() - 0.3).matrix();
  Eigen::MatrixXd candidates(2, 2);
  candidates << 0.6, 0.3, 0.25, 0.3;
  const GPProposal choice = gfo::gp::choose_gp_candidate(bowl.space, trials, GPEIOptions(), {}, candidates, 3);
  EXPECT_EQ(choice.candidate, 1);
  EXPECT_EQ(choice.models.size(), 2U);
  // Unconstrained, the minimum wins.
  EXPECT_EQ(gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(), GPEIOptions(), {}, candidates, 3).candidate, 0);
}

TEST(ChooseGPCandidate, BadCandidatesThrow) {
  const Bowl bowl;
  EXPECT_THROW(gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(), GPEIOptions(), {}, Eigen::MatrixXd(2, 3), 0),
               std::invalid_argument);
  Eigen::MatrixXd with_nan = corners_and_centre();
  with_nan(1, 1) = std::nan("");
  EXPECT_THROW(gfo::gp::choose_gp_candidate(bowl.space, bowl.trials(), GPEIOptions(), {}, with_nan, 0),
               std::invalid_argument);
}

}  // namespace
