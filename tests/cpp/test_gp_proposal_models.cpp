#include "gp_proposal_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include "gfo/mo/pareto.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;
using gfo::gp::GPEIOptions;

SearchSpace unit_square() {
  return SearchSpace({Dimension::continuous(0.0, 1.0, false), Dimension::continuous(0.0, 1.0, false)});
}

Eigen::MatrixXd first_points() {
  Eigen::MatrixXd x(6, 2);
  x << 0.1, 0.9, 0.8, 0.2, 0.5, 0.5, 0.3, 0.3, 0.9, 0.9, 0.05, 0.6;
  return x;
}

void append(Eigen::MatrixXd& matrix, const Eigen::RowVectorXd& row) {
  matrix.conservativeResize(matrix.rows() + 1, Eigen::NoChange);
  matrix.row(matrix.rows() - 1) = row;
}

TEST(ReferencePoint, WorstValueMovedTenPercentAwayFromZero) {
  Eigen::MatrixXd values(2, 3);
  values << 10, -10, 0, 5, -20, -1;
  const Eigen::VectorXd reference = gfo::gp::reference_point(values);
  EXPECT_DOUBLE_EQ(reference(0), 11.0);
  EXPECT_DOUBLE_EQ(reference(1), -9.0);
  EXPECT_GT(reference(2), 0.0);
  EXPECT_LT(reference(2), 1e-9);
}

TEST(ReferencePoint, FiniteWhateverTheValues) {
  const double largest = std::numeric_limits<double>::max();
  Eigen::MatrixXd values(3, 2);
  values << 1.7e308, -largest, largest, -1e308, 0.0, -largest;
  const Eigen::VectorXd reference = gfo::gp::reference_point(values);
  ASSERT_TRUE(reference.allFinite()) << reference.transpose();
  EXPECT_EQ(reference(0), largest);
  EXPECT_DOUBLE_EQ(reference(1), -0.9e308);
}

// min x0^2 + x1^2 subject to x0 + x1 >= 1: the optimum is (0.5, 0.5) with value 0.5.
TEST(ProposeGPEHVI, ConstrainedMinimumIsApproached) {
  const SearchSpace space = unit_square();
  Eigen::MatrixXd x = first_points();
  const auto objective = [](const Eigen::RowVectorXd& p) { return p.squaredNorm(); };
  const auto constraint = [](const Eigen::RowVectorXd& p) { return 1.0 - p.sum(); };
  for (int step = 0; step < 18; ++step) {
    Eigen::MatrixXd values(x.rows(), 1);
    Eigen::MatrixXd constraints(x.rows(), 1);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      values(i, 0) = objective(x.row(i));
      constraints(i, 0) = constraint(x.row(i));
    }
    const gfo_test::ModelsProposal proposal =
        gfo_test::propose_models(space, x, values, constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), {}, step);
    ASSERT_EQ(proposal.hyperparameters.size(), 2u);
    append(x, proposal.point.transpose());
  }
  double best_feasible = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    if (constraint(x.row(i)) <= 0.0) best_feasible = std::min(best_feasible, objective(x.row(i)));
  EXPECT_LT(best_feasible, 0.52);
}

// While nothing is feasible, the proposal heads for the feasible region.
TEST(ProposeGPEHVI, NoFeasibleObservationSeeksFeasibility) {
  const SearchSpace space = unit_square();
  const gfo_test::InfeasibleObservations observed;
  const gfo_test::ModelsProposal proposal = gfo_test::propose_models(
      space, observed.x, observed.values, observed.constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), {}, 3);
  EXPECT_GT(proposal.point.sum(), 0.8) << proposal.point.transpose();
}

// Exact EHVI (false) or its quasi-Monte Carlo estimate, forced by a cap of no box (true).
class TwoObjectiveProposals : public ::testing::TestWithParam<bool> {};

// f1 = x0^2 + x1, f2 = (x0 - 1)^2 + x1: the Pareto set is x1 = 0, 0 <= x0 <= 1.
TEST_P(TwoObjectiveProposals, ApproachTheParetoSet) {
  const SearchSpace space = unit_square();
  GPEIOptions options;
  if (GetParam()) {
    options.max_ehvi_boxes = 0;
    options.n_ehvi_samples = 512;
  }
  Eigen::MatrixXd x = first_points();
  const auto f = [](const Eigen::RowVectorXd& p) {
    return Eigen::RowVector2d(p(0) * p(0) + p(1), (p(0) - 1) * (p(0) - 1) + p(1));
  };
  for (int step = 0; step < 14; ++step) {
    Eigen::MatrixXd values(x.rows(), 2);
    for (Eigen::Index i = 0; i < x.rows(); ++i) values.row(i) = f(x.row(i));
    const gfo_test::ModelsProposal proposal = gfo_test::propose_models(space, x, values, Eigen::MatrixXd(x.rows(), 0),
                                                                       Eigen::MatrixXd(0, 2), options, {}, step);
    append(x, proposal.point.transpose());
  }
  int near_the_set = 0;
  for (Eigen::Index i = 6; i < x.rows(); ++i) near_the_set += x(i, 1) < 0.05 ? 1 : 0;
  EXPECT_GE(near_the_set, 10);
  Eigen::MatrixXd values(x.rows(), 2);
  for (Eigen::Index i = 0; i < x.rows(); ++i) values.row(i) = f(x.row(i));
  // The true front's hypervolume with reference (1.1, 1.1) is about 0.88; the first six points
  // reach far less.
  EXPECT_GT(gfo::mo::hypervolume(values, Eigen::Vector2d(1.1, 1.1)), 0.8);
  EXPECT_LT(gfo::mo::hypervolume(values.topRows(6), Eigen::Vector2d(1.1, 1.1)), 0.6);
}

INSTANTIATE_TEST_SUITE_P(ExactAndEstimated, TwoObjectiveProposals, ::testing::Bool());

TEST(ProposeGPEHVI, PendingPointIsNotProposedAgain) {
  const SearchSpace space = unit_square();
  const Eigen::MatrixXd x = first_points();
  Eigen::MatrixXd values(x.rows(), 2);
  for (Eigen::Index i = 0; i < x.rows(); ++i) values.row(i) << x(i, 0), 1.0 - x(i, 0) + x(i, 1);
  const Eigen::MatrixXd no_constraints(x.rows(), 0);
  const gfo_test::ModelsProposal first =
      gfo_test::propose_models(space, x, values, no_constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), {}, 1);
  const gfo_test::ModelsProposal second =
      gfo_test::propose_models(space, x, values, no_constraints, first.point.transpose(), GPEIOptions(), {}, 1);
  EXPECT_GT((first.point - second.point).norm(), 1e-3);
}

TEST(ProposeGPEHVI, MissingConstraintValuesAndWarmStartsAreAccepted) {
  const SearchSpace space = unit_square();
  const Eigen::MatrixXd x = first_points();
  Eigen::MatrixXd values(x.rows(), 1);
  Eigen::MatrixXd constraints(x.rows(), 1);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    values(i, 0) = x.row(i).squaredNorm();
    constraints(i, 0) = i % 2 == 0 ? std::nan("") : 0.6 - x(i, 0);
  }
  const gfo_test::ModelsProposal cold =
      gfo_test::propose_models(space, x, values, constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), {}, 2);
  std::vector<std::optional<gfo::gp::GPHyperparameters>> warm(cold.hyperparameters.begin(), cold.hyperparameters.end());
  const gfo_test::ModelsProposal again =
      gfo_test::propose_models(space, x, values, constraints, Eigen::MatrixXd(0, 2), GPEIOptions(), warm, 2);
  EXPECT_EQ(again.point.size(), 2);
  EXPECT_TRUE(((again.point.array() >= 0.0) && (again.point.array() <= 1.0)).all());
}

TEST(ProposeGPEHVI, BadInputThrows) {
  const SearchSpace space = unit_square();
  const Eigen::MatrixXd x = first_points();
  const Eigen::MatrixXd values = Eigen::MatrixXd::Ones(6, 2);
  const Eigen::MatrixXd none(6, 0);
  const Eigen::MatrixXd no_pending(0, 2);
  EXPECT_THROW(gfo_test::propose_models(space, x, Eigen::MatrixXd::Ones(5, 2), none, no_pending, GPEIOptions(), {}, 0),
               std::invalid_argument);
  EXPECT_THROW(gfo_test::propose_models(space, x, values, Eigen::MatrixXd::Constant(6, 1, std::nan("")), no_pending,
                                        GPEIOptions(), {}, 0),
               std::invalid_argument);
  EXPECT_THROW(gfo_test::propose_models(space, x, values, none, no_pending, GPEIOptions(), {std::nullopt}, 0),
               std::invalid_argument);
  Eigen::MatrixXd nan_values = values;
  nan_values(2, 1) = std::nan("");
  EXPECT_THROW(gfo_test::propose_models(space, x, nan_values, none, no_pending, GPEIOptions(), {}, 0),
               std::invalid_argument);
}

}  // namespace
