#include "gfo/mo/pareto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "simplex_front.hpp"

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

constexpr std::size_t kNoCap = std::numeric_limits<std::size_t>::max();

BoxDecomposition boxes_of(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  return *gfo::mo::non_dominated_boxes(points, reference, kNoCap);
}

TEST(NonDominatedBoxes, TwoObjectiveStaircase) {
  const BoxDecomposition boxes = boxes_of(staircase(), Eigen::Vector2d(4, 4));
  // One strip per step: (-inf, upper_0] x (lower_1, upper_1].
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> found;
  for (Eigen::Index b = 0; b < boxes.boxes.rows(); ++b) {
    const auto first = boxes.intervals[0].row(boxes.boxes(b, 0));
    const auto second = boxes.intervals[1].row(boxes.boxes(b, 1));
    found.push_back({first(0), first(1), second(0), second(1)});
  }
  std::sort(found.begin(), found.end());
  const std::vector<std::vector<double>> expected = {
      {-inf, 1, 3, 4}, {-inf, 2, 2, 3}, {-inf, 3, 1, 2}, {-inf, 4, -inf, 1}};
  EXPECT_EQ(found, expected);
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
  // Coordinates on a coarse grid, so that points share values in some objectives.
  std::uniform_int_distribution<int> level(0, 4);
  Eigen::MatrixXd points(9, m);
  for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = 0.25 * level(rng);
  const Eigen::VectorXd reference = Eigen::VectorXd::Constant(m, 1.05);
  const BoxDecomposition boxes = boxes_of(points, reference);
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

INSTANTIATE_TEST_SUITE_P(Objectives, BoxesPartition, ::testing::Values(1, 2, 3, 4, 5, 6));

TEST(NonDominatedBoxes, BadInputThrows) {
  EXPECT_THROW(boxes_of(Eigen::MatrixXd(1, 2), Eigen::Vector3d(1, 1, 1)), std::invalid_argument);
  EXPECT_THROW(boxes_of(Eigen::MatrixXd(0, 0), Eigen::VectorXd(0)), std::invalid_argument);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(boxes_of(Eigen::MatrixXd(0, 2), Eigen::Vector2d(1, inf)), std::invalid_argument);
  EXPECT_THROW(boxes_of(Eigen::RowVector2d(0, std::nan("")), Eigen::Vector2d(1, 1)), std::invalid_argument);
  EXPECT_THROW(boxes_of(Eigen::RowVector2d(0, -inf), Eigen::Vector2d(1, 1)), std::invalid_argument);
}

// Exact hypervolume by inclusion-exclusion over the subsets of the points: the volume of a
// union of boxes [p, reference].
double hypervolume_by_inclusion_exclusion(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference) {
  const auto n = static_cast<int>(points.rows());
  double volume = 0.0;
  for (unsigned subset = 1; subset < (1U << n); ++subset) {
    Eigen::VectorXd corner = Eigen::VectorXd::Constant(reference.size(), -std::numeric_limits<double>::infinity());
    int size = 0;
    for (int p = 0; p < n; ++p) {
      if ((subset >> p) & 1U) {
        corner = corner.cwiseMax(points.row(p).transpose());
        ++size;
      }
    }
    const double box = (reference - corner).cwiseMax(0.0).prod();
    volume += size % 2 == 1 ? box : -box;
  }
  return volume;
}

class RandomFronts : public ::testing::TestWithParam<int> {};

TEST_P(RandomFronts, HypervolumeIsExact) {
  const int m = GetParam();
  std::mt19937_64 rng(200 + static_cast<std::uint64_t>(m));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_int_distribution<int> level(0, 3);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 1 + trial % 10;
    Eigen::MatrixXd points(n, m);
    // Half of the sets on a coarse grid (shared coordinates, duplicates), half continuous.
    for (Eigen::Index i = 0; i < points.size(); ++i)
      points.data()[i] = trial % 2 == 0 ? uniform(rng) : level(rng) / 3.0;
    const Eigen::VectorXd reference = Eigen::VectorXd::Constant(m, 1.1);
    const double expected = hypervolume_by_inclusion_exclusion(points, reference);
    EXPECT_NEAR(gfo::mo::hypervolume(points, reference), expected, 1e-12 * std::max(1.0, expected))
        << "m = " << m << "\n"
        << points;
  }
}

// The decomposition's boxes sum to the volume that the front does not dominate inside a box
// [floor, reference] around it.
TEST_P(RandomFronts, BoxesAddUpToTheNonDominatedVolume) {
  const int m = GetParam();
  std::mt19937_64 rng(300 + static_cast<std::uint64_t>(m));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int trial = 0; trial < 10; ++trial) {
    Eigen::MatrixXd points(1 + trial, m);
    for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = uniform(rng);
    const Eigen::VectorXd reference = Eigen::VectorXd::Constant(m, 1.0);
    const double floor = -1.0;
    const BoxDecomposition boxes = boxes_of(points, reference);
    double total = 0.0;
    for (Eigen::Index b = 0; b < boxes.boxes.rows(); ++b) {
      double box = 1.0;
      for (int j = 0; j < m; ++j) {
        const auto interval = boxes.intervals[static_cast<size_t>(j)].row(boxes.boxes(b, j));
        box *= std::max(0.0, interval(1) - std::max(interval(0), floor));
      }
      total += box;
    }
    const double cube = std::pow(reference(0) - floor, m);
    EXPECT_NEAR(total, cube - gfo::mo::hypervolume(points, reference), 1e-12 * cube) << "m = " << m;
  }
}

INSTANTIATE_TEST_SUITE_P(Objectives, RandomFronts, ::testing::Values(1, 2, 3, 4, 5, 6));

TEST(NonDominatedBoxes, FarFewerBoxesThanTheGrid) {
  // 100 points in 4 objectives: the grid of their coordinates has 101^3, about 10^6, cells.
  const BoxDecomposition boxes = boxes_of(simplex_front(100, 4, 7), Eigen::VectorXd::Ones(4));
  EXPECT_LT(boxes.boxes.rows(), 20000);
  EXPECT_GT(boxes.boxes.rows(), 100);
}

TEST(NonDominatedBoxes, NothingPastTheCap) {
  const Eigen::MatrixXd front = simplex_front(40, 4, 8);
  const Eigen::VectorXd reference = Eigen::VectorXd::Ones(4);
  const auto n_boxes = static_cast<std::size_t>(boxes_of(front, reference).boxes.rows());
  EXPECT_FALSE(gfo::mo::non_dominated_boxes(front, reference, n_boxes / 2).has_value());
  EXPECT_TRUE(gfo::mo::non_dominated_boxes(front, reference, 4 * n_boxes).has_value());
}

TEST(Hypervolume, ManyObjectivesDoNotOverflowTheBoxCount) {
  // 3 points in 33 objectives: the grid had 4^32 cells, a count that wrapped around.
  std::mt19937_64 rng(33);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd points(3, 33);
  for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] = uniform(rng);
  const Eigen::VectorXd reference = Eigen::VectorXd::Ones(33);
  const double expected = hypervolume_by_inclusion_exclusion(points, reference);
  EXPECT_NEAR(gfo::mo::hypervolume(points, reference), expected, 1e-9 * expected);
}

TEST(Hypervolume, InfiniteNotNaNWhenUnboundedOrOverflowing) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(gfo::mo::hypervolume(Eigen::RowVector2d(-1e308, -1e308), Eigen::Vector2d(1e308, 1e308)), inf);
  Eigen::MatrixXd two(2, 2);
  two << -1e308, 0.5, 0.5, -1e308;
  EXPECT_EQ(gfo::mo::hypervolume(two, Eigen::Vector2d(1e308, 1e308)), inf);
  EXPECT_EQ(gfo::mo::hypervolume(Eigen::RowVector2d(-inf, 0.0), Eigen::Vector2d(1, 1)), inf);
  EXPECT_EQ(gfo::mo::hypervolume(Eigen::RowVector2d(0.0, 0.0), Eigen::Vector2d(inf, 1)), inf);
  EXPECT_EQ(gfo::mo::hypervolume(Eigen::RowVector2d(0.0, 0.0), Eigen::Vector2d(-inf, 1)), 0.0);
  EXPECT_THROW(gfo::mo::hypervolume(Eigen::RowVector2d(0.0, std::nan("")), Eigen::Vector2d(1, 1)),
               std::invalid_argument);
  EXPECT_THROW(gfo::mo::hypervolume(Eigen::RowVector2d(0.0, 0.0), Eigen::Vector2d(1, std::nan(""))),
               std::invalid_argument);
}

}  // namespace
