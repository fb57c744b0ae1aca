// The encoding at the edges of the doubles: NaN never passes through, ranges and grids wider than
// the largest double map as narrow ones do, and huge grids keep their values within bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>

#include "gfo/common/search_space.hpp"

namespace {

using gfo::Dimension;
using gfo::SearchSpace;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMax = std::numeric_limits<double>::max();

Eigen::MatrixXd column(std::initializer_list<double> values) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(values.size()), 1);
  Eigen::Index r = 0;
  for (const double v : values) out(r++, 0) = v;
  return out;
}

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(SearchSpaceExtremes, NaNIsRejectedByEveryRowWiseFunctionNamingItsPlace) {
  const SearchSpace space(
      {Dimension::continuous(0.0, 1.0, false), Dimension::grid(0.0, 10.0, 1.0, false), Dimension::categorical(3)});
  for (Eigen::Index c = 0; c < space.size(); ++c) {
    Eigen::MatrixXd values = Eigen::MatrixXd::Constant(2, 3, 0.5);
    values.col(2).setConstant(1.0);  // a choice's index
    values(1, c) = kNaN;
    const std::string where = "row 1, column " + std::to_string(c) + " is NaN";
    EXPECT_EQ(error_of([&] { space.to_coordinates(values); }), "native: " + where);
    EXPECT_EQ(error_of([&] { space.to_natives(values); }), "coordinates: " + where);
    EXPECT_EQ(error_of([&] { space.snap(values); }), "coordinates: " + where);
    EXPECT_EQ(error_of([&] { space.to_grid_indices(values); }), "coordinates: " + where);
    EXPECT_EQ(error_of([&] { space.from_grid_indices(values); }), "indices: " + where);
    EXPECT_EQ(error_of([&] { space.from_unit_cube(values); }), "unit: " + where);
  }
}

TEST(SearchSpaceExtremes, CategoricalNativesMustBeChoiceIndices) {
  const SearchSpace space({Dimension::categorical(9)});
  for (const double bad : {7.5, -1.0, 9.0, kInf, -kInf}) {
    EXPECT_NE(error_of([&] { space.to_coordinates(column({bad})); }).find("native: row 0, column 0 holds"),
              std::string::npos);
    EXPECT_NE(error_of([&] { space.from_grid_indices(column({bad})); }).find("not the index of one of its 9"),
              std::string::npos);
  }
  EXPECT_EQ(space.to_coordinates(column({0.0, 8.0})), column({0.0, 8.0}));
}

TEST(SearchSpaceExtremes, InfiniteValuesAreClampedToFiniteOutputs) {
  const SearchSpace space({Dimension::continuous(1.0, 10.0, true), Dimension::grid(-5.0, 5.0, 1.0, false)});
  Eigen::MatrixXd values(2, 2);
  values << -kInf, -kInf, kInf, kInf;
  const Eigen::MatrixXd coordinates = space.to_coordinates(values);
  EXPECT_EQ(coordinates(0, 0), 0.0);
  EXPECT_EQ(coordinates(1, 0), 1.0);
  const Eigen::MatrixXd natives = space.to_natives(values);
  EXPECT_EQ(natives(0, 0), 1.0);
  EXPECT_EQ(natives(1, 0), 10.0);
  EXPECT_EQ(natives(0, 1), -5.0);
  EXPECT_EQ(natives(1, 1), 5.0);
  EXPECT_TRUE(space.from_unit_cube(values).allFinite());
}

TEST(SearchSpaceExtremes, LogRangeValuesBelowLowMapToZero) {
  // log(-5) does not exist: such a value is clamped to low before the log.
  const SearchSpace space({Dimension::continuous(1.0, 10.0, true)});
  EXPECT_EQ(space.to_coordinates(column({-5.0, 0.0, 1.0})), column({0.0, 0.0, 0.0}));
}

TEST(SearchSpaceExtremes, ContinuousRangeWiderThanTheLargestDouble) {
  // high - low overflows: every coordinate used to map to high.
  const SearchSpace space({Dimension::continuous(-kMax, kMax, false)});
  const Eigen::MatrixXd natives = space.to_natives(column({0.0, 0.25, 0.5, 1.0}));
  EXPECT_EQ(natives(0, 0), -kMax);
  EXPECT_DOUBLE_EQ(natives(1, 0), -0.5 * kMax);
  EXPECT_EQ(natives(2, 0), 0.0);
  EXPECT_EQ(natives(3, 0), kMax);
  const Eigen::MatrixXd coordinates = space.to_coordinates(column({-kMax, -0.5 * kMax, 0.0, kMax}));
  EXPECT_EQ(coordinates(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(coordinates(1, 0), 0.25);
  EXPECT_EQ(coordinates(2, 0), 0.5);
  EXPECT_EQ(coordinates(3, 0), 1.0);
}

TEST(SearchSpaceExtremes, LinearGridWiderThanTheLargestDouble) {
  // 21 values from -1e308 to 1e308 by 1e307: the step count and the values overflowed.
  const SearchSpace space({Dimension::grid(-1e308, 1e308, 1e307, false)});
  EXPECT_EQ(space.dimension(0).n_intervals, 20.0);
  const Eigen::MatrixXd indices = space.to_grid_indices(column({0.0, 0.5, 1.0}));
  EXPECT_EQ(indices, column({0.0, 10.0, 20.0}));
  const Eigen::MatrixXd natives = space.to_natives(column({0.0, 1.0}));
  EXPECT_EQ(natives(0, 0), -1e308);
  EXPECT_EQ(natives(1, 0), 1e308);
  // 9e307 is 19 steps above low: (9e307 - low) / step overflowed, and clamped to the last value.
  EXPECT_EQ(space.to_grid_indices(space.to_coordinates(column({9e307}))), column({19.0}));
}

TEST(SearchSpaceExtremes, LogGridWhosePaddedBoundOverflowsKeepsItsLogScale) {
  // (n + 1) step / padded low = 1e309: the log grid collapsed to its low end.
  const SearchSpace space({Dimension::grid(0.6, 1e308, 1.0, true)});
  const Eigen::MatrixXd natives = space.to_natives(column({0.0, 0.5, 1.0}));
  EXPECT_EQ(natives(0, 0), 0.6);
  EXPECT_GT(natives(1, 0), 1e150);  // the log-scale middle, about sqrt(0.1 * 1e308)
  EXPECT_LT(natives(1, 0), 1e156);
  EXPECT_EQ(natives(2, 0), 1e308);
  const Eigen::MatrixXd coordinates = space.to_coordinates(column({1e10, 1e200}));
  EXPECT_GT(coordinates(0, 0), 0.0);
  EXPECT_LT(coordinates(0, 0), coordinates(1, 0));
  EXPECT_LT(coordinates(1, 0), 1.0);
}

TEST(SearchSpaceExtremes, HugeGridsNeverNameAValueBeyondHigh) {
  // A proxy grid's step count is checked like a small grid's: 2**60 steps of 1 from 0 are not 10.
  EXPECT_THROW(SearchSpace({Dimension::grid(0.0, 10.0, 1.0, false, std::ldexp(1.0, 60))}), std::invalid_argument);
  // The whole int64 range, and an int range past 2**53 with a step: indices stay in [0, n].
  for (const Dimension& d :
       {Dimension::grid(-std::ldexp(1.0, 63), std::ldexp(1.0, 63), 1.0, false, std::ldexp(1.0, 64) - 1.0),
        Dimension::grid(0.0, std::ldexp(1.0, 62), 3.0, false), Dimension::grid(1.0, std::ldexp(1.0, 63), 1.0, true)}) {
    const SearchSpace space({d});
    const Eigen::MatrixXd coordinates = column({-kInf, 0.0, 0.3, 0.999999999, 1.0, kInf});
    const Eigen::MatrixXd indices = space.to_grid_indices(coordinates);
    const Eigen::MatrixXd natives = space.to_natives(coordinates);
    for (Eigen::Index r = 0; r < coordinates.rows(); ++r) {
      EXPECT_GE(indices(r, 0), 0.0);
      EXPECT_LE(indices(r, 0), d.n_intervals);
      EXPECT_GE(natives(r, 0), d.low);
      EXPECT_LE(natives(r, 0), d.high);
    }
    if (!d.log) EXPECT_EQ(indices(indices.rows() - 1, 0), d.n_intervals);
  }
}

}  // namespace
