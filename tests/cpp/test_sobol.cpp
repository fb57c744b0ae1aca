#include "gfo/common/sobol.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <vector>

namespace {

using gfo::ShiftedSobol;

TEST(ShiftedSobol, PointsLieInTheHalfOpenUnitCube) {
  for (const Eigen::Index d : {1, 3, 20}) {
    const Eigen::MatrixXd points = ShiftedSobol(d, 42).points(0, 1000);
    ASSERT_EQ(points.rows(), 1000);
    ASSERT_EQ(points.cols(), d);
    EXPECT_GE(points.minCoeff(), 0.0);
    EXPECT_LT(points.maxCoeff(), 1.0);
  }
}

TEST(ShiftedSobol, SkippingAheadMatchesTheSequence) {
  const ShiftedSobol sobol(4, 123);
  const Eigen::MatrixXd prefix = sobol.points(0, 40);
  for (Eigen::Index i = 0; i < prefix.rows(); ++i) {
    const Eigen::MatrixXd single = sobol.points(static_cast<std::uint64_t>(i), 1);
    ASSERT_EQ(single.rows(), 1);
    EXPECT_EQ(single.row(0), prefix.row(i)) << "index " << i;
  }
  // A block starting mid-sequence is the matching slice of the prefix.
  EXPECT_EQ(sobol.points(13, 20), prefix.middleRows(13, 20));
}

TEST(ShiftedSobol, SeedDeterminesThePoints) {
  const Eigen::MatrixXd a = ShiftedSobol(3, 1).points(0, 64);
  const Eigen::MatrixXd b = ShiftedSobol(3, 1).points(0, 64);
  const Eigen::MatrixXd c = ShiftedSobol(3, 2).points(0, 64);
  EXPECT_EQ(a, b);
  // Different shifts change every coordinate of every point (a shift equal in the top bits of
  // all three dims is a 2^-53-probability event).
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    for (Eigen::Index col = 0; col < a.cols(); ++col) EXPECT_NE(a(r, col), c(r, col)) << r << ", " << col;
}

TEST(ShiftedSobol, DimensionsAreNotCopiesOfEachOther) {
  const Eigen::MatrixXd points = ShiftedSobol(5, 9).points(0, 64);
  for (Eigen::Index i = 0; i < points.cols(); ++i)
    for (Eigen::Index j = i + 1; j < points.cols(); ++j) EXPECT_NE(points.col(i), points.col(j)) << i << ", " << j;
}

// Each block of 2^k consecutive points, starting at a multiple of 2^k, of a base-2 digital
// sequence puts one point in each interval [m / 2^k, (m + 1) / 2^k) of every one-dimensional
// projection; a digital shift (XOR of the leading bits) only permutes these intervals.
TEST(ShiftedSobol, BlocksOfPowerOfTwoStratifyEachDimension) {
  for (const std::uint64_t seed : {0ULL, 1ULL, 977ULL}) {
    const ShiftedSobol sobol(3, seed);
    for (const int k : {1, 3, 6, 10}) {
      const std::uint64_t cells = 1ULL << k;
      for (const std::uint64_t block : {0ULL, 1ULL, 5ULL}) {
        const Eigen::MatrixXd points = sobol.points(block * cells, static_cast<Eigen::Index>(cells));
        for (Eigen::Index c = 0; c < points.cols(); ++c) {
          std::set<long long> occupied;
          for (Eigen::Index r = 0; r < points.rows(); ++r)
            occupied.insert(static_cast<long long>(points(r, c) * static_cast<double>(cells)));
          EXPECT_EQ(occupied.size(), cells) << "seed " << seed << ", k " << k << ", block " << block << ", dim " << c;
        }
      }
    }
  }
}

// The first two dims of a Sobol sequence form a (0, m, 2)-net in base 2: 2^m points put one point
// in each elementary box of area 2^-m, e.g. each [a / 2^p, (a + 1) / 2^p) x [b / 2^q, (b + 1) / 2^q)
// with p + q = m.
TEST(ShiftedSobol, FirstTwoDimensionsFormANet) {
  const int m = 8;
  const Eigen::MatrixXd points = ShiftedSobol(2, 31).points(0, 1 << m);
  for (int p = 0; p <= m; ++p) {
    const int q = m - p;
    std::set<std::pair<long long, long long>> boxes;
    for (Eigen::Index r = 0; r < points.rows(); ++r)
      boxes.insert({static_cast<long long>(points(r, 0) * (1 << p)), static_cast<long long>(points(r, 1) * (1 << q))});
    EXPECT_EQ(boxes.size(), 1u << m) << "p = " << p;
  }
}

TEST(ShiftedSobol, NoPointOnTheOrigin) {
  // The unshifted sequence starts at the origin; the shift moves it away.
  const Eigen::MatrixXd first = ShiftedSobol(4, 5).points(0, 1);
  EXPECT_GT(first.minCoeff(), 0.0);
}

TEST(ShiftedSobol, BeyondBoostsTableTheExtraDimensionsArePseudoRandom) {
  const Eigen::Index d = gfo::kMaxSobolDimension + 333;
  const ShiftedSobol sobol(d, 77);
  const Eigen::MatrixXd points = sobol.points(0, 64);
  ASSERT_EQ(points.cols(), d);
  EXPECT_GE(points.minCoeff(), 0.0);
  EXPECT_LT(points.maxCoeff(), 1.0);
  // The Sobol dims are those of a sequence within the table, the same seed shifting them.
  EXPECT_EQ(points.leftCols(gfo::kMaxSobolDimension), ShiftedSobol(gfo::kMaxSobolDimension, 77).points(0, 64));
  // The padding is a function of the seed and the point's index alone.
  EXPECT_EQ(sobol.points(40, 3), points.middleRows(40, 3));
  const Eigen::MatrixXd padding = points.rightCols(333);
  EXPECT_NE(padding, ShiftedSobol(d, 78).points(0, 64).rightCols(333));
  // Uniform-looking: the mean of 64 x 333 uniforms is 0.5 within a few standard errors (0.0022).
  EXPECT_NEAR(padding.mean(), 0.5, 0.01);
  for (Eigen::Index r = 1; r < padding.rows(); ++r) EXPECT_NE(padding.row(r), padding.row(r - 1)) << r;
}

TEST(ShiftedSobol, ZeroCountAndBadDimension) {
  EXPECT_EQ(ShiftedSobol(2, 0).points(0, 0).rows(), 0);
  EXPECT_THROW(ShiftedSobol(0, 0), std::invalid_argument);
}

}  // namespace
