// Extreme and non-finite input to the GP pipeline: huge objective values standardize and
// propose as the unscaled ones do, and NaN is refused with an error naming its argument, never
// passed on into a posterior.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "gfo/common/errors.hpp"
#include "gfo/common/sobol.hpp"
#include "gfo/common/targets.hpp"
#include "gfo/gp/acq_optimizer.hpp"
#include "gp_proposal_support.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;

constexpr double kLargest = std::numeric_limits<double>::max();

TEST(Standardize, FiniteUpToTheLargestDoubles) {
  Eigen::VectorXd values(5);
  values << kLargest, -kLargest, 0.0, 1e308, -std::numeric_limits<double>::infinity();
  const gfo::Standardized s = gfo::standardize(values, "values");
  ASSERT_TRUE(s.values.allFinite()) << s.values.transpose();
  EXPECT_NEAR(s.values.mean(), 0.0, 1e-15);
  EXPECT_NEAR(std::sqrt(s.values.squaredNorm() / 5.0), 1.0, 1e-15);
  for (Eigen::Index i = 0; i < 4; ++i) EXPECT_NEAR(s.map(values(i)), s.values(i), 1e-15) << i;
  EXPECT_TRUE(std::isfinite(s.map(0.0)));
  // -inf is clipped to the lowest finite value.
  EXPECT_EQ(s.values(4), s.values(1));
}

TEST(Standardize, DoesNotDependOnTheUnits) {
  Eigen::VectorXd values(6);
  values << 3.0, -1.0, 10.5, 0.25, 7.0, 2.0;
  const Eigen::VectorXd unit = gfo::standardize(values, "values").values;
  for (const double scale : {1e-300, 1e-150, 1e154, 1e200, 1e300, kLargest / 11.0}) {
    const Eigen::VectorXd scaled = gfo::standardize(values * scale, "values").values;
    EXPECT_LT((scaled - unit).cwiseAbs().maxCoeff(), 1e-13) << scale;
  }
}

// (u - 0.3)^2 + (v - 0.6)^2 on the unit square at 12 fixed points.
struct Bowl {
  SearchSpace space{{Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)}};
  Eigen::MatrixXd observed = gfo::ShiftedSobol(2, 5).points(0, 12);
  Eigen::VectorXd values() const {
    return ((observed.col(0).array() - 0.3).square() + (observed.col(1).array() - 0.6).square()).matrix();
  }
};

TEST(ProposeGP, HugeObjectiveValuesProposeWhatTheUnscaledOnesDo) {
  const Bowl bowl;
  const Eigen::VectorXd values = bowl.values();
  const GPEIOptions options;
  const Eigen::MatrixXd none(0, 2);
  const gfo_test::EIProposal unit = gfo_test::propose_ei(bowl.space, bowl.observed, values, none, options, nullptr, 4);
  // The largest value 1e200, then nearly the largest double.
  for (const double largest : {1e200, 0.99 * kLargest}) {
    const Eigen::VectorXd scaled = values / values.maxCoeff() * largest;
    ASSERT_TRUE(scaled.allFinite());
    const gfo_test::EIProposal huge =
        gfo_test::propose_ei(bowl.space, bowl.observed, scaled, none, options, nullptr, 4);
    ASSERT_TRUE(huge.point.allFinite());
    EXPECT_LT((huge.point - unit.point).norm(), 1e-3)
        << largest << ": " << huge.point.transpose() << " vs " << unit.point.transpose();
    EXPECT_NEAR(huge.acquisition_value, unit.acquisition_value, 1e-6 * std::abs(unit.acquisition_value));
  }
}

TEST(ProposeGP, HugeConstraintValuesKeepTheirFeasibleRegion) {
  const Bowl bowl;
  const Eigen::VectorXd values = bowl.values();
  // Feasible when u >= 0.5: the unconstrained optimum (u = 0.3) is not.
  const Eigen::MatrixXd constraint = (0.5 - bowl.observed.col(0).array()).matrix() * 1e307;
  const GPEIOptions options;
  const gfo_test::ModelsProposal proposal =
      gfo_test::propose_models(bowl.space, bowl.observed, values, constraint, Eigen::MatrixXd(0, 2), options, {}, 2);
  ASSERT_TRUE(proposal.point.allFinite());
  EXPECT_TRUE(std::isfinite(proposal.acquisition_value));
  EXPECT_GT(proposal.point(0), 0.45) << proposal.point.transpose();
}

TEST(ProposeGP, TwoObjectivesUpToTheLargestDoubleProposeWhatTheUnscaledOnesDo) {
  const Bowl bowl;
  Eigen::MatrixXd objectives(bowl.observed.rows(), 2);
  objectives.col(0) = bowl.values();
  objectives.col(1) = (1.0 - bowl.observed.col(0).array()).matrix();
  const auto propose = [&](const Eigen::MatrixXd& values) {
    return gfo_test::propose_models(bowl.space, bowl.observed, values, Eigen::MatrixXd(bowl.observed.rows(), 0),
                                    Eigen::MatrixXd(0, 2), GPEIOptions(), {}, 6);
  };
  const gfo_test::ModelsProposal unit = propose(objectives);
  Eigen::MatrixXd huge = objectives;
  huge.col(1) = huge.col(1) / huge.col(1).maxCoeff() * (0.99 * kLargest);
  ASSERT_TRUE(huge.allFinite());
  const gfo_test::ModelsProposal scaled = propose(huge);
  ASSERT_TRUE(scaled.point.allFinite());
  EXPECT_LT((scaled.point - unit.point).norm(), 1e-3) << scaled.point.transpose() << " vs " << unit.point.transpose();
}

::testing::AssertionResult throws_naming(const std::function<void()>& call, const std::string& name) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    if (std::string(error.what()).find(name) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "the message does not name " << name << ": " << error.what();
  }
  return ::testing::AssertionFailure() << "no std::invalid_argument";
}

TEST(ProposeGP, NonFiniteInputIsRefusedByName) {
  const Bowl bowl;
  const Eigen::VectorXd values = bowl.values();
  const Eigen::MatrixXd none(0, 2);
  const auto propose = [&](const Eigen::MatrixXd& observed, const Eigen::MatrixXd& running,
                           const GPEIOptions& options) {
    return [&bowl, &values, observed, running, options] {
      gfo_test::propose_ei(bowl.space, observed, values, running, options, nullptr, 0);
    };
  };
  const double nan = std::nan("");
  Eigen::MatrixXd running(2, 2);
  running << 0.5, 0.5, nan, 0.2;
  EXPECT_TRUE(throws_naming(propose(bowl.observed, running, GPEIOptions()), "running"));
  Eigen::MatrixXd observed = bowl.observed;
  observed(3, 1) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(throws_naming(propose(observed, none, GPEIOptions()), "points"));
  GPEIOptions ucb;
  ucb.acquisition = gfo::gp::AcquisitionType::kUCB;
  for (const double beta : {nan, std::numeric_limits<double>::infinity()}) {
    ucb.ucb_beta = beta;
    EXPECT_TRUE(throws_naming(propose(bowl.observed, none, ucb), "ucb_beta")) << beta;
  }
  GPEIOptions bad_enum;
  bad_enum.kernel = static_cast<gfo::gp::KernelType>(7);
  EXPECT_TRUE(throws_naming(propose(bowl.observed, none, bad_enum), "kernel"));
  bad_enum = GPEIOptions();
  bad_enum.acquisition = static_cast<gfo::gp::AcquisitionType>(7);
  EXPECT_TRUE(throws_naming(propose(bowl.observed, none, bad_enum), "acquisition"));
}

TEST(ProposalWork, GrowsWithTheStudyAndTheSearch) {
  const GPEIOptions options;
  const double base = gfo::gp::proposal_work(100, 10, 1, options);
  EXPECT_GT(base, 0.0);
  // The fits' Cholesky factors dominate for many trials: cubic in their number.
  EXPECT_NEAR(gfo::gp::proposal_work(2000, 10, 1, options) / gfo::gp::proposal_work(1000, 10, 1, options), 8.0, 0.5);
  EXPECT_GT(gfo::gp::proposal_work(100, 1000, 1, options), base);
  EXPECT_DOUBLE_EQ(gfo::gp::proposal_work(100, 10, 3, options), 3.0 * base);
  GPEIOptions many_candidates;
  many_candidates.optimizer.n_candidates = 1 << 30;
  EXPECT_GT(gfo::gp::proposal_work(100, 10, 1, many_candidates), 1000.0 * base);
}

// An acquisition that is NaN everywhere, as a broken model's would be.
class NaNAcquisition : public gfo::gp::AcquisitionFunction {
 public:
  Eigen::VectorXd evaluate(const Eigen::MatrixXd& points) const override {
    return Eigen::VectorXd::Constant(points.rows(), std::nan(""));
  }
  double evaluate_with_gradient(const Eigen::VectorXd& point, Eigen::VectorXd& gradient) const override {
    gradient = Eigen::VectorXd::Zero(point.size());
    return std::nan("");
  }
};

TEST(MaximizeAcquisition, NaNValuesAreANumericalErrorNotAProposal) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false)});
  EXPECT_THROW(
      gfo::gp::maximize_acquisition(NaNAcquisition(), space, Eigen::MatrixXd(0, 1), gfo::gp::AcqOptimizerOptions(), 0),
      gfo::NumericalError);
}

TEST(Acquisition, NonFiniteParametersAreRefused) {
  const Bowl bowl;
  gfo::gp::GPHyperparameters hyperparameters;
  hyperparameters.kernel.lengthscales = Eigen::VectorXd::Constant(2, 0.3);
  const gfo::gp::Kernel kernel(gfo::gp::KernelType::kMatern52, {false, false});
  const gfo::gp::GaussianProcess gp(kernel, bowl.observed, gfo::standardize(bowl.values(), "values").values,
                                    hyperparameters);
  EXPECT_THROW(gfo::gp::SingleObjectiveAcquisition(gp, gfo::gp::AcquisitionType::kLogEI, std::nan("")),
               std::invalid_argument);
  EXPECT_THROW(gfo::gp::SingleObjectiveAcquisition(gp, gfo::gp::AcquisitionType::kUCB, 0.0, std::nan("")),
               std::invalid_argument);
  EXPECT_NO_THROW(gfo::gp::SingleObjectiveAcquisition(gp, gfo::gp::AcquisitionType::kUCB, 0.0, 2.0));
}

}  // namespace
