#include "gfo/mo/pareto.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

namespace {

using gfo::mo::BoxDecomposition;

Eigen::MatrixXd staircase() {
  Eigen::MatrixXd front(3, 2);
  front << 1, 3, 2, 2, 3, 1;
  return front;
}

TEST(ParetoFront, KeepsTheNonDominatedRowsAndTheFirstOfEqualOnes) {
  Eigen::MatrixXd values(6, 2);
  values << 2, 2,  //
      1, 3,        //
      3, 3,        // dominated by (2, 2)
      2, 2,        // equal to row 0
      3, 1,        //
      2, 4;        // dominated by (1, 3) and (2, 2)
  EXPECT_EQ(gfo::mo::pareto_front_indices(values), (std::vector<Eigen::Index>{0, 1, 4}));
}

TEST(NonDominatedBoxes, TwoObjectiveStaircase) {
  const BoxDecomposition boxes = gfo::mo::non_dominated_boxes(staircase(), Eigen::Vector2d(4, 4));
  ASSERT_EQ(boxes.boxes.rows(), 4);
  // Box b spans objective 0's interval b; its upper bound in objective 1 steps down the stairs.
  const double inf = std::numeric_limits<double>::infinity();
  const double expected[4][4] = {{-inf, 1, -inf, 4}, {1, 2, -inf, 3}, {2, 3, -inf, 2}, {3, 4, -inf, 1}};
  for (Eigen::Index b = 0; b < 4; ++b) {
    const auto first = boxes.intervals[0].row(boxes.boxes(b, 0));
    const auto second = boxes.intervals[1].row(boxes.boxes(b, 1));
    EXPECT_EQ(first(0), expected[b][0]);
    EXPECT_EQ(first(1), expected[b][1]);
    EXPECT_EQ(second(0), expected[b][2]);
    EXPECT_EQ(second(1), expected[b][3]);
  }
}

TEST(Hypervolume, HandComputedValues) {
  EXPECT_DOUBLE_EQ(gfo::mo::hypervolume(staircase(), Eigen::Vector2d(4, 4)), 6.0);
  EXPECT_DOUBLE_EQ(gfo::mo::hypervolume(Eigen::RowVector3d(1, 1, 1), Eigen::Vector3d(2, 2, 2)), 1.0);
  // Two boxes of volume 2 that share a unit cube.
  Eigen::MatrixXd two(2, 3);
  two << 0, 1, 1, 1, 0, 1;
  EXPECT_DOUBLE_EQ(gfo::mo::hypervolume(two, Eigen::Vector3d(2, 2, 2)), 3.0);
  // Points not strictly in front of the reference add nothing.
  Eigen::MatrixXd outside(2, 2);
  outside << 1, 3, 0, 4;
  EXPECT_DOUBLE_EQ(gfo::mo::hypervolume(outside, Eigen::Vector2d(4, 4)), 3.0);
  EXPECT_DOUBLE_EQ(gfo::mo::hypervolume(Eigen::MatrixXd(0, 2), Eigen::Vector2d(4, 4)), 0.0);
}

bool dominated(const Eigen::MatrixXd& points, const Eigen::VectorXd& z) {
  for (Eigen::Index p = 0; p < points.rows(); ++p)
    if ((points.row(p).transpose().array() <= z.array()).all()) return true;
  return false;
}

class BoxesPartition : public ::testing::TestWithParam<int> {};

// Every point below the reference lies in exactly one box if the front does not dominate it,
// and in none if it does.
TEST_P(BoxesPartition, BoxesTileExactlyTheNonDominatedRegion) {
  const int m = GetParam();
  std::mt19937_64 rng(static_cast<std::uint64_t>(m));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd points(7, m);
  for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = uniform(rng);
  const Eigen::VectorXd reference = Eigen::VectorXd::Constant(m, 1.05);
  const BoxDecomposition boxes = gfo::mo::non_dominated_boxes(points, reference);
  for (int sample = 0; sample < 3000; ++sample) {
    Eigen::VectorXd z(m);
    for (int j = 0; j < m; ++j) z(j) = -0.2 + 1.25 * uniform(rng);
    int containing = 0;
    for (Eigen::Index b = 0; b < boxes.boxes.rows(); ++b) {
      bool inside = true;
      for (int j = 0; j < m && inside; ++j) {
        const auto interval = boxes.intervals[static_cast<size_t>(j)].row(boxes.boxes(b, j));
        inside = interval(0) < z(j) && z(j) < interval(1);
      }
      containing += inside ? 1 : 0;
    }
    ASSERT_EQ(containing, dominated(points, z) ? 0 : 1) << "m = " << m << ", z = " << z.transpose();
  }
}

TEST_P(BoxesPartition, HypervolumeMatchesMonteCarlo) {
  const int m = GetParam();
  std::mt19937_64 rng(100 + static_cast<std::uint64_t>(m));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd points(6, m);
  for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = uniform(rng);
  const Eigen::VectorXd reference = Eigen::VectorXd::Ones(m);
  int hits = 0;
  const int samples = 200000;
  for (int s = 0; s < samples; ++s) {
    Eigen::VectorXd z(m);
    for (int j = 0; j < m; ++j) z(j) = uniform(rng);
    hits += dominated(points, z) ? 1 : 0;
  }
  const double estimate = static_cast<double>(hits) / samples;  // the unit cube's volume is 1
  EXPECT_NEAR(gfo::mo::hypervolume(points, reference), estimate, 4.0 * std::sqrt(0.25 / samples));
}

INSTANTIATE_TEST_SUITE_P(Objectives, BoxesPartition, ::testing::Values(1, 2, 3, 4));

TEST(NonDominatedBoxes, BadInputThrows) {
  EXPECT_THROW(gfo::mo::non_dominated_boxes(Eigen::MatrixXd(1, 2), Eigen::Vector3d(1, 1, 1)), std::invalid_argument);
  EXPECT_THROW(gfo::mo::non_dominated_boxes(Eigen::MatrixXd(0, 0), Eigen::VectorXd(0)), std::invalid_argument);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(gfo::mo::non_dominated_boxes(Eigen::MatrixXd(0, 2), Eigen::Vector2d(1, inf)), std::invalid_argument);
}

}  // namespace
