// The caller's cancellation check stops long core work (see gfo/common/cancellation.hpp): it is asked
// during a proposal and a breeding, and its "stop" ends them with gfo::Cancelled wherever it
// comes, without changing the result when it never comes.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "gfo/common/cancellation.hpp"
#include "gfo/common/lbfgs.hpp"
#include "gfo/common/sobol.hpp"
#include "gfo/ga/breed.hpp"
#include "gfo/gp/acq_optimizer.hpp"
#include "gp_proposal_support.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;

// A check that answers "stop" from its stop_at-th call on (never when 0), counting its calls.
struct CountingCheck {
  std::shared_ptr<std::atomic<long>> calls = std::make_shared<std::atomic<long>>(0);
  long stop_at = 0;
  gfo::CancellationCheck check() const {
    return [calls = calls, stop_at = stop_at] { return ++*calls >= stop_at && stop_at > 0; };
  }
};

TEST(Cancellation, StopsMinimizationBeforeTheNextEvaluation) {
  int evaluations = 0;
  const gfo::DifferentiableFunction square = [&](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    ++evaluations;
    gradient = 2.0 * x;
    return x.squaredNorm();
  };
  const Eigen::VectorXd start = Eigen::VectorXd::Constant(3, 0.7);
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(3, -1.0);
  const Eigen::VectorXd upper = Eigen::VectorXd::Constant(3, 1.0);
  CountingCheck counting;
  counting.stop_at = 3;
  EXPECT_THROW(gfo::minimize_in_box(square, start, lower, upper, 100, 1e-12, counting.check()), gfo::Cancelled);
  EXPECT_EQ(evaluations, 2);
}

struct Observations {
  SearchSpace space{
      {Dimension::continuous(0.0, 1.0, false), Dimension::grid(0, 40, 1, false), Dimension::categorical(3)}};
  Eigen::MatrixXd observed = space.from_unit_cube(gfo::ShiftedSobol(3, 8).points(0, 14));
  Eigen::VectorXd values = observed.rowwise().squaredNorm();
};

gfo::gp::GPProposal propose(const Observations& o, const gfo::CancellationCheck& check) {
  gfo::gp::GPEIOptions options;
  options.cancelled = check;
  return gfo::gp::propose_gp(
      o.space, gfo_test::completed_trials(o.observed, o.values, Eigen::MatrixXd(14, 0), Eigen::MatrixXd(0, 3)), options,
      {}, 11);
}

TEST(Cancellation, IsAskedThroughoutAProposalAndChangesNothingUntilItStops) {
  const Observations o;
  CountingCheck never;
  const gfo::gp::GPProposal checked = propose(o, never.check());
  const gfo::gp::GPProposal plain = propose(o, {});
  EXPECT_EQ(checked.point, plain.point);
  const long calls = *never.calls;
  // Every marginal likelihood and acquisition L-BFGS evaluation, at least.
  EXPECT_GT(calls, 20);
  // A stop early (in the fit), midway and late (in the local searches) ends the proposal.
  for (const long stop_at : {1L, calls / 2, calls - 1}) {
    CountingCheck stopping;
    stopping.stop_at = stop_at;
    EXPECT_THROW(propose(o, stopping.check()), gfo::Cancelled) << stop_at;
  }
}

TEST(Cancellation, StopsScoringManyCandidates) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  gfo::gp::GPHyperparameters hyperparameters;
  hyperparameters.kernel.lengthscales = Eigen::VectorXd::Constant(1, 0.2);
  const Eigen::MatrixXd x = (Eigen::MatrixXd(3, 1) << 0.1, 0.5, 0.9).finished();
  const gfo::gp::GaussianProcess gp(gfo::gp::Kernel(gfo::gp::KernelType::kMatern52, {false}), x,
                                    Eigen::Vector3d(1.0, -1.0, 0.5), hyperparameters);
  const gfo::gp::SingleObjectiveAcquisition acquisition(gp, gfo::gp::AcquisitionType::kLogEI, -1.0);
  gfo::gp::AcqOptimizerOptions options;
  options.n_candidates = 1 << 20;
  CountingCheck counting;
  counting.stop_at = 2;  // before the second block of candidates
  options.cancelled = counting.check();
  EXPECT_THROW(gfo::gp::maximize_acquisition(acquisition, space, Eigen::MatrixXd(0, 1), options, 0), gfo::Cancelled);
  EXPECT_EQ(*counting.calls, 2);
}

TEST(Cancellation, StopsBreeding) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::grid(0, 9, 1, false)});
  const Eigen::MatrixXd population = space.from_unit_cube(gfo::ShiftedSobol(2, 1).points(0, 6));
  const Eigen::VectorXd fitness = population.col(0);
  gfo::ga::BreedOptions options;
  CountingCheck never;
  options.cancelled = never.check();
  const gfo::ga::Offspring checked = gfo::ga::breed(space, population, fitness, options, 5);
  EXPECT_GT(*never.calls, 0);
  options.cancelled = {};
  EXPECT_EQ(gfo::ga::breed(space, population, fitness, options, 5).child, checked.child);
  CountingCheck stopping;
  stopping.stop_at = 1;
  options.cancelled = stopping.check();
  EXPECT_THROW(gfo::ga::breed(space, population, fitness, options, 5), gfo::Cancelled);
}

}  // namespace
