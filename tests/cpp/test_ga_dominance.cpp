#include "gfo/ga/dominance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using gfo::ga::constrained_fronts;
using gfo::ga::crowding_distances;
using gfo::ga::survival_ranks;

const double kInf = std::numeric_limits<double>::infinity();

Eigen::MatrixXd two_fronts() {
  Eigen::MatrixXd values(6, 2);
  values << 1, 5,  // front 0
      2, 3,        // front 0
      4, 1,        // front 0
      3, 4,        // front 1 (dominated by (2, 3))
      5, 2,        // front 1 (dominated by (4, 1))
      6, 6;        // front 2
  return values;
}

TEST(ConstrainedFronts, ParetoFrontsWithoutConstraints) {
  EXPECT_EQ(constrained_fronts(two_fronts(), Eigen::VectorXd::Zero(6)), (std::vector<int>{0, 0, 0, 1, 1, 2}));
}

TEST(ConstrainedFronts, EqualRowsShareAFront) {
  Eigen::MatrixXd values(3, 2);
  values << 1, 1, 1, 1, 2, 2;
  EXPECT_EQ(constrained_fronts(values, Eigen::VectorXd::Zero(3)), (std::vector<int>{0, 0, 1}));
}

TEST(ConstrainedFronts, FeasibleBeatInfeasibleAndSmallerViolationWins) {
  Eigen::VectorXd violations(6);
  violations << 0, 0, 2.0, 0, 0.5, 0.5;
  // Feasible rows 0, 1, 3: (1,5) and (2,3) are not dominated, (3,4) is. Infeasible rows come
  // after every feasible one, ordered by violation: 0.5 (rows 4 and 5 tie), then 2.0.
  EXPECT_EQ(constrained_fronts(two_fronts(), violations), (std::vector<int>{0, 0, 3, 1, 2, 2}));
}

TEST(ConstrainedFronts, SingleObjectiveWithConstraints) {
  Eigen::MatrixXd values(4, 1);
  values << 3, 1, 2, 0;
  Eigen::VectorXd violations(4);
  violations << 0, 1, 0, 0.1;
  // Feasible by value (2 < 3), then the infeasible by violation (0.1 < 1), whatever their value.
  EXPECT_EQ(constrained_fronts(values, violations), (std::vector<int>{1, 3, 0, 2}));
}

TEST(CrowdingDistances, HandComputed) {
  // Front (1,5), (2,3), (4,1): ranges 3 and 4. The middle member: (4-1)/3 + (5-1)/4 = 2.
  const Eigen::VectorXd d = crowding_distances(two_fronts(), {0, 1, 2});
  EXPECT_EQ(d(0), kInf);
  EXPECT_NEAR(d(1), 2.0, 1e-15);
  EXPECT_EQ(d(2), kInf);
  Eigen::MatrixXd line(5, 2);
  line << 0, 4, 1, 3, 3, 1, 2, 2, 4, 0;
  const Eigen::VectorXd spaced = crowding_distances(line, {0, 1, 2, 3, 4});
  // Sorted by the first objective: 0, 1, 2, 3, 4 (rows 0, 1, 3, 2, 4); each interior gap is 2/4
  // in both objectives.
  EXPECT_NEAR(spaced(1), 1.0, 1e-15);
  EXPECT_NEAR(spaced(3), 1.0, 1e-15);
  EXPECT_NEAR(spaced(2), 1.0, 1e-15);
  EXPECT_EQ(crowding_distances(line, {}).size(), 0);
}

TEST(CrowdingDistances, ThreeObjectivesHandComputed) {
  // One front of five; every objective ranges over 4. Per objective, the interior members get
  // (next - previous) / 4 in that objective's order:
  //   f1 order A B C D E:    B 0.5, C 0.5,   D 0.5
  //   f2 order E D C B A:    D 0.5, C 0.375, B 0.5
  //   f3 order E C A D B:    C 0.5, A 0.5,   D 0.5
  // A, B and E are extremes of some objective (+inf); C = 1.375, D = 1.5.
  Eigen::MatrixXd values(5, 3);
  values << 0, 4, 2,  // A
      1, 3, 4,        // B
      2, 2, 1,        // C
      3, 1.5, 3,      // D
      4, 0, 0;        // E
  EXPECT_EQ(constrained_fronts(values, Eigen::VectorXd::Zero(5)), (std::vector<int>(5, 0)));
  const Eigen::VectorXd d = crowding_distances(values, {0, 1, 2, 3, 4});
  EXPECT_EQ(d(0), kInf);
  EXPECT_EQ(d(1), kInf);
  EXPECT_NEAR(d(2), 1.375, 1e-15);
  EXPECT_NEAR(d(3), 1.5, 1e-15);
  EXPECT_EQ(d(4), kInf);
  // Survival order: the extremes by index, then D (more crowding distance) before C.
  Eigen::VectorXd expected(5);
  expected << 0, 1, 4, 3, 2;
  EXPECT_EQ(survival_ranks(values, Eigen::VectorXd::Zero(5)), expected);
}

TEST(CrowdingDistances, InfiniteValuesAreClipped) {
  Eigen::MatrixXd values(4, 2);
  values << -kInf, 4, 1, 2, 2, 1, 3, 0;
  const Eigen::VectorXd d = crowding_distances(values, {0, 1, 2, 3});
  EXPECT_EQ(d(0), kInf);  // the extremes are +inf by definition
  EXPECT_TRUE(std::isfinite(d(1)));
  EXPECT_TRUE(std::isfinite(d(2)));
}

TEST(SurvivalRanks, FrontThenCrowding) {
  const Eigen::VectorXd ranks = survival_ranks(two_fronts(), Eigen::VectorXd::Zero(6));
  // Front 0: the two extremes (rows 0 and 2, index order) then row 1; front 1: rows 3, 4 (both
  // extremes of a two-member front); then row 5.
  Eigen::VectorXd expected(6);
  expected << 0, 2, 1, 3, 4, 5;
  EXPECT_EQ(ranks, expected);
}

TEST(SurvivalRanks, ViolationsOutrankObjectives) {
  Eigen::VectorXd violations(6);
  violations << 0, 0, 2.0, 0, 0.5, 0.5;
  // Fronts {0, 0, 3, 1, 2, 2}: rows 0 and 1 (both extremes of their front, index order), row 3,
  // rows 4 and 5, and last row 2, Pareto-optimal in the objectives but the most infeasible.
  Eigen::VectorXd expected(6);
  expected << 0, 1, 5, 2, 3, 4;
  EXPECT_EQ(survival_ranks(two_fronts(), violations), expected);
}

TEST(SurvivalRanks, SingleObjectiveUnconstrainedIsTheValueOrder) {
  Eigen::MatrixXd values(5, 1);
  values << 0.5, -2, 7, 0.1, 3;
  Eigen::VectorXd expected(5);
  expected << 2, 0, 4, 1, 3;
  EXPECT_EQ(survival_ranks(values, Eigen::VectorXd::Zero(5)), expected);
}

TEST(Dominance, BadInputThrows) {
  EXPECT_THROW(constrained_fronts(Eigen::MatrixXd(2, 0), Eigen::VectorXd::Zero(2)), std::invalid_argument);
  EXPECT_THROW(constrained_fronts(two_fronts(), Eigen::VectorXd::Zero(5)), std::invalid_argument);
  Eigen::MatrixXd nan_values = two_fronts();
  nan_values(1, 1) = std::nan("");
  EXPECT_THROW(constrained_fronts(nan_values, Eigen::VectorXd::Zero(6)), std::invalid_argument);
  EXPECT_THROW(constrained_fronts(two_fronts(), Eigen::VectorXd::Constant(6, -1.0)), std::invalid_argument);
  EXPECT_THROW(survival_ranks(two_fronts(), Eigen::VectorXd::Constant(6, std::nan(""))), std::invalid_argument);
}

}  // namespace
