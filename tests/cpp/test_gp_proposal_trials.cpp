// What gfo::gp::propose_gp makes of trials that did not complete, running trials, deterministic
// objectives and the objectives' offsets and units (issue 12).
#include "gp_proposal_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using gfo_test::random_coordinates;

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;
using gfo::gp::GPTrials;
using gfo::gp::TrialOutcome;

SearchSpace square() {
  return SearchSpace({Dimension::continuous(-5.0, 5.0, false), Dimension::continuous(-5.0, 5.0, false)});
}

// (u + 3)^2 + (v + 3)^2 on [-5, 5]^2: the optimum is at (-3, -3), coordinates (0.2, 0.2).
double bowl(const Eigen::VectorXd& coordinates) {
  const double u = -5.0 + 10.0 * coordinates(0);
  const double v = -5.0 + 10.0 * coordinates(1);
  return (u + 3.0) * (u + 3.0) + (v + 3.0) * (v + 3.0);
}

// Completed trials of the bowl away from the disk of radius 0.1 around `centre` (coordinates),
// and `n_bad` trials inside it with the given outcome.
GPTrials bowl_with_bad_disk(const Eigen::Vector2d& centre, Eigen::Index n_bad, TrialOutcome bad, unsigned seed) {
  GPTrials trials;
  const Eigen::MatrixXd candidates = random_coordinates(200, 2, seed);
  std::vector<Eigen::RowVector2d> rows;
  for (Eigen::Index i = 0; i < candidates.rows() && rows.size() < 12; ++i)
    if ((candidates.row(i).transpose() - centre).norm() > 0.15) rows.push_back(candidates.row(i));
  for (Eigen::Index k = 0; k < n_bad; ++k) {
    const double angle = 2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n_bad);
    rows.push_back(centre.transpose() + 0.05 * Eigen::RowVector2d(std::cos(angle), std::sin(angle)));
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  trials.points.resize(n, 2);
  trials.objectives = Eigen::MatrixXd::Constant(n, 1, std::nan(""));
  trials.constraints.resize(n, 0);
  trials.running.resize(0, 2);
  trials.pruned_ranks = Eigen::VectorXd::Constant(n, std::nan(""));
  for (Eigen::Index i = 0; i < n; ++i) {
    trials.points.row(i) = rows[static_cast<size_t>(i)];
    const bool is_bad = i >= n - n_bad;
    trials.outcomes.push_back(is_bad ? bad : TrialOutcome::kCompleted);
    if (!is_bad) trials.objectives(i, 0) = bowl(trials.points.row(i).transpose());
  }
  return trials;
}

// Failures and pruned trials at the optimum: a constant liar at the best value would make the
// disk the most promising region; it must instead be avoided (and its points never repeated).
TEST(ProposeGP, FailedAndPrunedRegionsRepel) {
  const Eigen::Vector2d optimum(0.2, 0.2);
  for (const TrialOutcome bad : {TrialOutcome::kFailed, TrialOutcome::kPruned}) {
    for (const unsigned seed : {1U, 2U, 3U}) {
      const GPTrials trials = bowl_with_bad_disk(optimum, 6, bad, seed);
      const gfo::gp::GPProposal proposal = gfo::gp::propose_gp(square(), trials, GPEIOptions(), {}, seed);
      ASSERT_FALSE(proposal.exhausted);
      EXPECT_EQ(proposal.models.size(), 2U);  // the objective and the completion model
      EXPECT_GT((proposal.point - optimum).norm(), 0.1) << "seed " << seed << ": " << proposal.point.transpose();
    }
  }
}

// The exact point of a failed trial is not proposed again, even where everything else says it
// is the best one (a retried trial leaves a failed and a completed twin at one point).
TEST(ProposeGP, FailedPointIsNotProposedAgain) {
  const Eigen::MatrixXd x = random_coordinates(12, 2, 8);
  Eigen::MatrixXd values(12, 1);
  for (Eigen::Index i = 0; i < 12; ++i) values(i, 0) = bowl(x.row(i).transpose());
  GPTrials trials = gfo_test::completed_trials(x, values, Eigen::MatrixXd(12, 0), Eigen::MatrixXd(0, 2));
  const gfo::gp::GPProposal first = gfo::gp::propose_gp(square(), trials, GPEIOptions(), {}, 5);
  trials.points.conservativeResize(13, Eigen::NoChange);
  trials.points.row(12) = first.point.transpose();
  trials.objectives.conservativeResize(13, Eigen::NoChange);
  trials.objectives(12, 0) = std::nan("");
  trials.constraints.resize(13, 0);
  trials.outcomes.push_back(TrialOutcome::kFailed);
  const gfo::gp::GPProposal second = gfo::gp::propose_gp(square(), trials, GPEIOptions(), {}, 5);
  EXPECT_GT((second.point - first.point).cwiseAbs().maxCoeff(), 1e-4);
}

// Running trials: the Kriging believer leaves the posterior mean as it is, so a running trial in
// a poor region does not draw the next proposal there (a liar at the best value would).
TEST(ProposeGP, RunningTrialInAPoorRegionDoesNotAttract) {
  const Eigen::MatrixXd x = random_coordinates(14, 2, 3);
  Eigen::MatrixXd values(14, 1);
  for (Eigen::Index i = 0; i < 14; ++i) values(i, 0) = bowl(x.row(i).transpose());
  const Eigen::MatrixXd running = (Eigen::MatrixXd(2, 2) << 0.97, 0.97, 0.9, 0.99).finished();
  for (const std::uint64_t seed : {0ULL, 1ULL, 2ULL}) {
    const gfo::gp::GPProposal proposal = gfo::gp::propose_gp(
        square(), gfo_test::completed_trials(x, values, Eigen::MatrixXd(14, 0), running), GPEIOptions(), {}, seed);
    EXPECT_LT(bowl(proposal.point), 20.0) << "seed " << seed << ": " << proposal.point.transpose();
    EXPECT_EQ(proposal.models.size(), 1U);
  }
}

// The front, hence the proposal, does not depend on where the objectives' values sit or on
// their units: the reference point comes from standardized feasible values.
TEST(ProposeGP, MultiObjectiveProposalIsInvariantToOffsetsAndUnits) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_coordinates(12, 2, 11);
  Eigen::MatrixXd values(12, 2);
  for (Eigen::Index i = 0; i < 12; ++i) {
    values(i, 0) = x(i, 0) * x(i, 0) + x(i, 1);
    values(i, 1) = (x(i, 0) - 1.0) * (x(i, 0) - 1.0) + x(i, 1);
  }
  const Eigen::MatrixXd no_constraints(12, 0);
  const Eigen::MatrixXd no_running(0, 2);
  Eigen::MatrixXd moved = values;
  moved.col(0) = 1000.0 * values.col(0).array() + 1000.0;
  moved.col(1) = values.col(1).array() + 1000.0;
  for (const std::uint64_t seed : {0ULL, 1ULL}) {
    const gfo_test::ModelsProposal a =
        gfo_test::propose_models(space, x, values, no_constraints, no_running, GPEIOptions(), {}, seed);
    const gfo_test::ModelsProposal b =
        gfo_test::propose_models(space, x, moved, no_constraints, no_running, GPEIOptions(), {}, seed);
    EXPECT_LT((a.point - b.point).cwiseAbs().maxCoeff(), 1e-5) << a.point.transpose() << " / " << b.point.transpose();
  }
}

// While no completed trial is feasible, only the probability of feasibility counts, running
// trials or not: the running trials change nothing.
TEST(ProposeGP, NoFeasibleTrialIgnoresRunningTrials) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const gfo_test::InfeasibleObservations observed;
  const Eigen::MatrixXd running = (Eigen::MatrixXd(2, 2) << 0.15, 0.15, 0.4, 0.1).finished();
  const gfo_test::ModelsProposal alone = gfo_test::propose_models(
      space, observed.x, observed.values, observed.constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), {}, 3);
  const gfo_test::ModelsProposal with_running =
      gfo_test::propose_models(space, observed.x, observed.values, observed.constraints, running, GPEIOptions(), {}, 3);
  EXPECT_EQ(alone.point, with_running.point);
  EXPECT_EQ(alone.acquisition_value, with_running.acquisition_value);
}

// A deterministic linear objective has its optimum on a corner: once evaluated there, the
// corner is not proposed again.
TEST(ProposeGP, DeterministicObjectiveNeverRepeatsACompletedPoint) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false),
                           Dimension::grid(0.0, 4.0, 1.0, false)});
  Eigen::MatrixXd x = random_coordinates(10, 3, 21);
  x = space.snap(x);
  GPEIOptions options;
  options.deterministic_objective = true;
  for (int step = 0; step < 8; ++step) {
    Eigen::MatrixXd values(x.rows(), 1);
    for (Eigen::Index i = 0; i < x.rows(); ++i) values(i, 0) = x(i, 0) + x(i, 1) + x(i, 2);
    const gfo_test::ModelsProposal proposal =
        gfo_test::propose_models(space, x, values, Eigen::MatrixXd(x.rows(), 0), Eigen::MatrixXd(0, 3), options, {},
                                 static_cast<std::uint64_t>(step));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Eigen::VectorXd seen = x.row(i).transpose();
      const bool same = std::abs(seen(0) - proposal.point(0)) <= 1e-4 &&
                        std::abs(seen(1) - proposal.point(1)) <= 1e-4 && seen(2) == proposal.point(2);
      EXPECT_FALSE(same) << "step " << step << " repeats row " << i << ": " << proposal.point.transpose();
    }
    x.conservativeResize(x.rows() + 1, Eigen::NoChange);
    x.row(x.rows() - 1) = proposal.point.transpose();
  }
}

// A finite space: the last unevaluated point is found; once every point is evaluated, nothing
// is proposed.
TEST(ProposeGP, FiniteSpaceIsEnumeratedThenExhausted) {
  const SearchSpace space({Dimension::grid(0.0, 2.0, 1.0, false), Dimension::categorical(3)});
  Eigen::MatrixXd all(9, 2);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) all.row(3 * a + b) << space.value_coordinate(0, a), static_cast<double>(b);
  GPEIOptions options;
  options.deterministic_objective = true;
  const auto values_of = [](const Eigen::MatrixXd& x) {
    Eigen::MatrixXd v(x.rows(), 1);
    for (Eigen::Index i = 0; i < x.rows(); ++i) v(i, 0) = x(i, 0) + 0.1 * x(i, 1);
    return v;
  };
  for (Eigen::Index left_out = 0; left_out < 9; left_out += 4) {
    Eigen::MatrixXd x(8, 2);
    for (Eigen::Index i = 0, r = 0; i < 9; ++i)
      if (i != left_out) x.row(r++) = all.row(i);
    const gfo::gp::GPProposal proposal = gfo::gp::propose_gp(
        space, gfo_test::completed_trials(x, values_of(x), Eigen::MatrixXd(8, 0), Eigen::MatrixXd(0, 2)), options, {},
        1);
    ASSERT_FALSE(proposal.exhausted);
    EXPECT_EQ(proposal.point, all.row(left_out).transpose());
  }
  const gfo::gp::GPProposal none = gfo::gp::propose_gp(
      space, gfo_test::completed_trials(all, values_of(all), Eigen::MatrixXd(9, 0), Eigen::MatrixXd(0, 2)), options, {},
      1);
  EXPECT_TRUE(none.exhausted);
  EXPECT_EQ(none.point.size(), 0);
  EXPECT_TRUE(none.models.empty());
}

// Warm starts carry the number of observations they were fitted to, for every model: between
// refit points (n = 121 and 133 here) the fits are kept and nothing is refitted.
TEST(ProposeGP, EveryModelFollowsTheRefitSchedule) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
  const Eigen::MatrixXd x = random_coordinates(130, 2, 6);
  Eigen::MatrixXd values(130, 2);
  Eigen::MatrixXd constraints(130, 1);
  for (Eigen::Index i = 0; i < 130; ++i) {
    values.row(i) << x.row(i).squaredNorm(), (x.row(i).array() - 1.0).matrix().squaredNorm();
    constraints(i, 0) = 0.5 - x(i, 0);
  }
  const gfo::gp::GPTrials at_122 =
      gfo_test::completed_trials(x.topRows(122), values.topRows(122), constraints.topRows(122), Eigen::MatrixXd(0, 2));
  const gfo::gp::GPProposal first = gfo::gp::propose_gp(space, at_122, GPEIOptions(), {}, 1);
  EXPECT_TRUE(first.refitted);
  ASSERT_EQ(first.models.size(), 3U);
  std::vector<std::optional<gfo::gp::GPModelState>> warm(first.models.begin(), first.models.end());
  for (const auto& model : warm) EXPECT_EQ(model->n_observations, 122);
  // Another worker added observations meanwhile: 128 is on the level of 122.
  const gfo::gp::GPTrials at_128 =
      gfo_test::completed_trials(x.topRows(128), values.topRows(128), constraints.topRows(128), Eigen::MatrixXd(0, 2));
  const gfo::gp::GPProposal kept = gfo::gp::propose_gp(space, at_128, GPEIOptions(), warm, 1);
  EXPECT_FALSE(kept.refitted);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(kept.models[k].n_observations, 122);
    EXPECT_EQ(kept.models[k].hyperparameters.kernel.lengthscales, first.models[k].hyperparameters.kernel.lengthscales);
  }
  // Past the refit point 133.1 every model refits, even though n jumped over it.
  Eigen::MatrixXd more = random_coordinates(10, 2, 7);
  Eigen::MatrixXd x_all(140, 2);
  x_all << x, more;
  Eigen::MatrixXd v_all(140, 2);
  Eigen::MatrixXd c_all(140, 1);
  for (Eigen::Index i = 0; i < 140; ++i) {
    v_all.row(i) << x_all.row(i).squaredNorm(), (x_all.row(i).array() - 1.0).matrix().squaredNorm();
    c_all(i, 0) = 0.5 - x_all(i, 0);
  }
  const gfo::gp::GPProposal refit =
      gfo::gp::propose_gp(space, gfo_test::completed_trials(x_all, v_all, c_all, Eigen::MatrixXd(0, 2)), GPEIOptions(),
                          std::vector<std::optional<gfo::gp::GPModelState>>(kept.models.begin(), kept.models.end()), 1);
  EXPECT_TRUE(refit.refitted);
  for (const gfo::gp::GPModelState& model : refit.models) EXPECT_EQ(model.n_observations, 140);
}

}  // namespace
