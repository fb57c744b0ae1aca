#include "gfo/common/search_space.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using gfo::Dimension;
using gfo::DimensionKind;
using gfo::SearchSpace;

struct NamedDimension {
  std::string name;
  Dimension dimension;
};

// One dimension of every kind the plugin produces, including the single-valued ones.
std::vector<NamedDimension> all_kinds() {
  return {
      {"continuous_linear", Dimension::continuous(-3.0, 5.0, false)},
      {"continuous_log", Dimension::continuous(1e-3, 10.0, true)},
      {"int_step_1", Dimension::grid(-5.0, 5.0, 1.0, false)},
      {"int_step_2", Dimension::grid(1.0, 11.0, 2.0, false)},
      {"float_step_0_5", Dimension::grid(-2.0, 3.0, 0.5, false)},
      {"float_step_0_1", Dimension::grid(-10.2, 10.2, 0.1, false)},
      {"log_int", Dimension::grid(1.0, 100.0, 1.0, true)},
      {"categorical", Dimension::categorical(4)},
      {"single_continuous", Dimension::continuous(2.5, 2.5, false)},
      {"single_continuous_log", Dimension::continuous(3.0, 3.0, true)},
      {"single_grid", Dimension::grid(7.0, 7.0, 1.0, false)},
      {"single_float_grid", Dimension::grid(0.3, 0.3, 0.1, false)},
      {"single_log_grid", Dimension::grid(5.0, 5.0, 1.0, true)},
      {"single_categorical", Dimension::categorical(1)},
  };
}

SearchSpace space_of(const std::vector<NamedDimension>& named) {
  std::vector<Dimension> dims;
  for (const auto& n : named) dims.push_back(n.dimension);
  return SearchSpace(dims);
}

// Admissible native values of a dimension: a few interior points for continuous dims, every grid
// point (written as low + k step, the way Optuna enumerates a stepped distribution) otherwise.
std::vector<double> admissible_values(const Dimension& d) {
  std::vector<double> values;
  switch (d.kind) {
    case DimensionKind::kContinuous:
      for (const double fraction : {0.0, 0.1, 0.37, 0.5, 0.93, 1.0}) {
        values.push_back(d.log ? std::exp(std::log(d.low) + fraction * (std::log(d.high) - std::log(d.low)))
                               : d.low + fraction * (d.high - d.low));
      }
      values.front() = d.low;
      values.back() = d.high;
      break;
    case DimensionKind::kGrid: {
      const long long n = std::llround((d.high - d.low) / d.step);
      for (long long k = 0; k <= n; ++k) values.push_back(std::min(d.low + static_cast<double>(k) * d.step, d.high));
      break;
    }
    case DimensionKind::kCategorical:
      for (int k = 0; k < d.n_choices; ++k) values.push_back(k);
      break;
  }
  return values;
}

// Whether `native` is a value Optuna's distribution would contain.
::testing::AssertionResult is_admissible(const Dimension& d, double native) {
  if (!std::isfinite(native)) return ::testing::AssertionFailure() << native << " is not finite";
  switch (d.kind) {
    case DimensionKind::kContinuous:
      if (native < d.low || native > d.high)
        return ::testing::AssertionFailure() << native << " outside [" << d.low << ", " << d.high << "]";
      return ::testing::AssertionSuccess();
    case DimensionKind::kGrid: {
      if (native < d.low || native > d.high)
        return ::testing::AssertionFailure() << native << " outside [" << d.low << ", " << d.high << "]";
      const double k = (native - d.low) / d.step;
      if (std::abs(k - std::round(k)) > 1e-9)
        return ::testing::AssertionFailure() << native << " is off the grid (k = " << k << ")";
      return ::testing::AssertionSuccess();
    }
    case DimensionKind::kCategorical:
      if (native != std::round(native) || native < 0 || native >= d.n_choices)
        return ::testing::AssertionFailure() << native << " is not a choice index below " << d.n_choices;
      return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "unknown kind";
}

TEST(SearchSpace, NativeValuesRoundTripThroughCoordinates) {
  const auto named = all_kinds();
  const SearchSpace space = space_of(named);
  for (Eigen::Index i = 0; i < space.size(); ++i) {
    SCOPED_TRACE(named[static_cast<size_t>(i)].name);
    const Dimension& d = space.dimension(i);
    for (const double native : admissible_values(d)) {
      const double coordinate = space.to_coordinate(i, native);
      if (d.kind != DimensionKind::kCategorical) {
        EXPECT_GE(coordinate, 0.0) << native;
        EXPECT_LE(coordinate, 1.0) << native;
      }
      const double back = space.to_native(i, coordinate);
      if (d.kind == DimensionKind::kContinuous) {
        EXPECT_NEAR(back, native, 1e-12 * std::max(1.0, std::abs(native)));
      } else {
        EXPECT_EQ(back, native);
      }
      EXPECT_TRUE(is_admissible(d, back));
    }
  }
}

TEST(SearchSpace, RowWiseRoundTripMatchesPerDimension) {
  const auto named = all_kinds();
  const SearchSpace space = space_of(named);
  std::mt19937_64 rng(7);
  Eigen::MatrixXd native(20, space.size());
  for (Eigen::Index c = 0; c < space.size(); ++c) {
    const auto values = admissible_values(space.dimension(c));
    std::uniform_int_distribution<size_t> pick(0, values.size() - 1);
    for (Eigen::Index r = 0; r < native.rows(); ++r) native(r, c) = values[pick(rng)];
  }
  const Eigen::MatrixXd coordinates = space.to_coordinates(native);
  const Eigen::MatrixXd back = space.to_natives(coordinates);
  for (Eigen::Index r = 0; r < native.rows(); ++r) {
    for (Eigen::Index c = 0; c < native.cols(); ++c) {
      EXPECT_EQ(coordinates(r, c), space.to_coordinate(c, native(r, c)));
      EXPECT_NEAR(back(r, c), native(r, c), 1e-12 * std::max(1.0, std::abs(native(r, c))));
    }
  }
}

TEST(SearchSpace, LogContinuousCoordinateIsLinearInLogSpace) {
  const SearchSpace space({Dimension::continuous(1e-3, 10.0, true)});
  // The geometric mean of the bounds sits half-way.
  EXPECT_NEAR(space.to_coordinate(0, std::sqrt(1e-3 * 10.0)), 0.5, 1e-14);
  EXPECT_NEAR(space.to_coordinate(0, 1e-2), 0.25, 1e-14);
  EXPECT_DOUBLE_EQ(space.to_coordinate(0, 1e-3), 0.0);
  EXPECT_DOUBLE_EQ(space.to_coordinate(0, 10.0), 1.0);
}

TEST(SearchSpace, LinearGridPointsSitAtTheCentresOfEqualCells) {
  // 0, 2, 4, 6, 8: five cells of width 1/5, centres at (k + 1/2) / 5.
  const SearchSpace space({Dimension::grid(0.0, 8.0, 2.0, false)});
  ASSERT_EQ(space.n_values(0), 5);
  for (long long k = 0; k < 5; ++k) {
    EXPECT_NEAR(space.to_coordinate(0, 2.0 * static_cast<double>(k)), (static_cast<double>(k) + 0.5) / 5.0, 1e-14);
    EXPECT_NEAR(space.value_coordinate(0, k), (static_cast<double>(k) + 0.5) / 5.0, 1e-14);
  }
  // Every coordinate inside a cell maps to that cell's value.
  EXPECT_EQ(space.to_native(0, 0.01), 0.0);
  EXPECT_EQ(space.to_native(0, 0.39), 2.0);
  EXPECT_EQ(space.to_native(0, 0.41), 4.0);
  EXPECT_EQ(space.to_native(0, 0.99), 8.0);
}

TEST(SearchSpace, NumberOfValuesAndIndexing) {
  const auto named = all_kinds();
  const SearchSpace space = space_of(named);
  for (Eigen::Index i = 0; i < space.size(); ++i) {
    SCOPED_TRACE(named[static_cast<size_t>(i)].name);
    const Dimension& d = space.dimension(i);
    if (d.kind == DimensionKind::kContinuous) {
      EXPECT_THROW(space.n_values(i), std::logic_error);
      continue;
    }
    const auto values = admissible_values(d);
    ASSERT_EQ(space.n_values(i), static_cast<long long>(values.size()));
    for (long long k = 0; k < space.n_values(i); ++k) {
      const double coordinate = space.value_coordinate(i, k);
      EXPECT_EQ(space.to_native(i, coordinate), values[static_cast<size_t>(k)]);
      EXPECT_EQ(space.value_index(i, coordinate), k);
      EXPECT_EQ(space.snap(i, coordinate), coordinate);
    }
  }
  EXPECT_EQ(space.n_values(2), 11);   // -5..5
  EXPECT_EQ(space.n_values(3), 6);    // 1, 3, ..., 11
  EXPECT_EQ(space.n_values(4), 11);   // -2, -1.5, ..., 3
  EXPECT_EQ(space.n_values(5), 205);  // -10.2, -10.1, ..., 10.2
  EXPECT_EQ(space.n_values(6), 100);  // 1..100
  EXPECT_EQ(space.n_values(7), 4);
}

TEST(SearchSpace, SnapIsIdempotentAndAdmissible) {
  const auto named = all_kinds();
  const SearchSpace space = space_of(named);
  std::mt19937_64 rng(11);
  for (Eigen::Index i = 0; i < space.size(); ++i) {
    SCOPED_TRACE(named[static_cast<size_t>(i)].name);
    const Dimension& d = space.dimension(i);
    // Beyond the cube too: snap must clamp.
    std::uniform_real_distribution<double> coordinate_of(
        d.kind == DimensionKind::kCategorical ? -1.0 : -0.2,
        d.kind == DimensionKind::kCategorical ? d.n_choices + 0.5 : 1.2);
    for (int trial = 0; trial < 2000; ++trial) {
      const double raw = coordinate_of(rng);
      const double snapped = space.snap(i, raw);
      EXPECT_EQ(space.snap(i, snapped), snapped) << raw;
      if (d.kind != DimensionKind::kCategorical) {
        EXPECT_GE(snapped, 0.0);
        EXPECT_LE(snapped, 1.0);
      }
      const double native = space.to_native(i, snapped);
      EXPECT_TRUE(is_admissible(d, native)) << "raw coordinate " << raw;
      // Snapping does not change what the coordinate means.
      EXPECT_EQ(native, space.to_native(i, raw)) << raw;
    }
  }
}

TEST(SearchSpace, SingleValuedDimensionsAlwaysGiveTheirValue) {
  const SearchSpace space({Dimension::continuous(2.5, 2.5, false), Dimension::continuous(3.0, 3.0, true),
                           Dimension::grid(7.0, 7.0, 1.0, false), Dimension::grid(5.0, 5.0, 1.0, true),
                           Dimension::categorical(1)});
  const std::vector<double> expected = {2.5, 3.0, 7.0, 5.0, 0.0};
  for (Eigen::Index i = 0; i < space.size(); ++i) {
    EXPECT_FALSE(space.is_continuous(i)) << i;
    for (const double coordinate : {-1.0, 0.0, 0.3, 0.5, 1.0, 2.0}) {
      EXPECT_EQ(space.to_native(i, coordinate), expected[static_cast<size_t>(i)]) << i;
      EXPECT_EQ(space.to_native(i, space.snap(i, coordinate)), expected[static_cast<size_t>(i)]) << i;
    }
  }
  for (Eigen::Index i = 2; i < space.size(); ++i) EXPECT_EQ(space.n_values(i), 1) << i;
}

TEST(SearchSpace, FromUnitCubeGivesAdmissiblePoints) {
  const auto named = all_kinds();
  const SearchSpace space = space_of(named);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(3000, space.size());
  for (Eigen::Index r = 0; r < unit.rows(); ++r)
    for (Eigen::Index c = 0; c < unit.cols(); ++c) unit(r, c) = uniform(rng);
  unit.row(0).setZero();
  unit.row(1).setConstant(std::nextafter(1.0, 0.0));
  const Eigen::MatrixXd points = space.from_unit_cube(unit);
  const Eigen::MatrixXd natives = space.to_natives(points);
  for (Eigen::Index c = 0; c < space.size(); ++c) {
    SCOPED_TRACE(named[static_cast<size_t>(c)].name);
    for (Eigen::Index r = 0; r < points.rows(); ++r) {
      EXPECT_EQ(space.snap(c, points(r, c)), points(r, c));
      EXPECT_TRUE(is_admissible(space.dimension(c), natives(r, c)));
    }
  }
  // The cube's corners reach the extreme values.
  for (Eigen::Index c = 0; c < space.size(); ++c) {
    const Dimension& d = space.dimension(c);
    EXPECT_NEAR(natives(0, c), d.low, 1e-12 * std::max(1.0, std::abs(d.low))) << named[static_cast<size_t>(c)].name;
    EXPECT_NEAR(natives(1, c), d.high, 1e-12 * std::max(1.0, std::abs(d.high))) << named[static_cast<size_t>(c)].name;
  }
}

// Pearson's chi-square statistic of observed counts against expected probabilities.
double chi_square(const std::vector<long long>& counts, const std::vector<double>& probabilities, long long total) {
  double statistic = 0.0;
  for (size_t k = 0; k < counts.size(); ++k) {
    const double expected = probabilities[k] * static_cast<double>(total);
    statistic += (static_cast<double>(counts[k]) - expected) * (static_cast<double>(counts[k]) - expected) / expected;
  }
  return statistic;
}

TEST(SearchSpace, FromUnitCubeIsUniformOverLinearGridsAndChoices) {
  const SearchSpace space({Dimension::grid(-4.5, 0.0, 0.5, false), Dimension::categorical(5)});
  const long long n = 200000;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(n, 2);
  for (Eigen::Index r = 0; r < n; ++r) unit.row(r) << uniform(rng), uniform(rng);
  const Eigen::MatrixXd points = space.from_unit_cube(unit);

  std::vector<long long> grid_counts(10, 0);
  std::vector<long long> choice_counts(5, 0);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double native = space.to_native(0, points(r, 0));
    ++grid_counts[static_cast<size_t>(std::llround((native + 4.5) / 0.5))];
    ++choice_counts[static_cast<size_t>(points(r, 1))];
  }
  // 9 and 4 degrees of freedom: 40 and 30 are far beyond the 1e-5 quantiles (about 37 and 28).
  EXPECT_LT(chi_square(grid_counts, std::vector<double>(10, 0.1), n), 40.0);
  EXPECT_LT(chi_square(choice_counts, std::vector<double>(5, 0.2), n), 30.0);
}

TEST(SearchSpace, FromUnitCubeIsLogUniformOverLogIntegerGrids) {
  // A log-scaled integer k owns the native interval [k - 1/2, k + 1/2], uniform in log space.
  const SearchSpace space({Dimension::grid(1.0, 8.0, 1.0, true)});
  const long long n = 200000;
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(n, 1);
  for (Eigen::Index r = 0; r < n; ++r) unit(r, 0) = uniform(rng);
  const Eigen::MatrixXd natives = space.to_natives(space.from_unit_cube(unit));
  std::vector<long long> counts(8, 0);
  for (Eigen::Index r = 0; r < n; ++r) ++counts[static_cast<size_t>(std::llround(natives(r, 0)) - 1)];
  std::vector<double> probabilities;
  for (int k = 1; k <= 8; ++k)
    probabilities.push_back((std::log(k + 0.5) - std::log(k - 0.5)) / (std::log(8.5) - std::log(0.5)));
  EXPECT_LT(chi_square(counts, probabilities, n), 40.0);
}

TEST(SearchSpace, MixedSpaceKindsAndMask) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::grid(0.0, 3.0, 1.0, false),
                           Dimension::categorical(3), Dimension::continuous(1.0, 1.0, false)});
  EXPECT_TRUE(space.is_continuous(0));
  EXPECT_FALSE(space.is_continuous(1));
  EXPECT_FALSE(space.is_continuous(2));
  EXPECT_FALSE(space.is_continuous(3));
  EXPECT_FALSE(space.is_categorical(0));
  EXPECT_TRUE(space.is_categorical(2));
  EXPECT_EQ(space.categorical_mask(), (std::vector<bool>{false, false, true, false}));
}

TEST(SearchSpace, InvalidDimensionsThrow) {
  const auto rejects = [](const Dimension& d) {
    EXPECT_THROW(SearchSpace(std::vector<Dimension>{d}), std::invalid_argument);
  };
  rejects(Dimension::continuous(2.0, 1.0, false));
  rejects(Dimension::grid(2.0, 1.0, 1.0, false));
  rejects(Dimension::grid(0.0, 1.0, 0.0, false));
  rejects(Dimension::grid(0.0, 1.0, -0.5, false));
  rejects(Dimension::continuous(0.0, 1.0, true));
  rejects(Dimension::continuous(-1.0, 1.0, true));
  rejects(Dimension::grid(0.0, 10.0, 1.0, true));
  rejects(Dimension::categorical(0));
  rejects(Dimension::continuous(0.0, std::numeric_limits<double>::infinity(), false));
  rejects(Dimension::continuous(std::nan(""), 1.0, false));
  // A valid dimension after an invalid one does not rescue the space.
  EXPECT_THROW(SearchSpace({Dimension::continuous(0.0, 1.0, false), Dimension::categorical(0)}), std::invalid_argument);
}

TEST(SearchSpace, RowWiseFunctionsRejectWrongWidth) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::categorical(2)});
  const Eigen::MatrixXd three_columns = Eigen::MatrixXd::Zero(2, 3);
  EXPECT_THROW(space.to_coordinates(three_columns), std::invalid_argument);
  EXPECT_THROW(space.to_natives(three_columns), std::invalid_argument);
  EXPECT_THROW(space.snap(three_columns), std::invalid_argument);
  EXPECT_THROW(space.from_unit_cube(three_columns), std::invalid_argument);
}

// Grids with more values than a double in [0, 1] tells apart, as the plugin builds them (bounds as
// doubles, the number of steps counted exactly; 2**64 - 1 steps round to 2**64).
struct HugeGrid {
  std::string name;
  Dimension dimension;
};

std::vector<HugeGrid> huge_grids() {
  return {
      {"int_0_2p60", Dimension::grid(0.0, 0x1p60, 1.0, false, 0x1p60)},
      {"int64_whole", Dimension::grid(-0x1p63, 0x1p63, 1.0, false, 0x1p64)},
      {"log_int_1e18", Dimension::grid(1.0, 1e18, 1.0, true, 1e18 - 1.0)},
      {"int_step_3_high_up", Dimension::grid(0x1p62, 0x1p62 + 3e16, 3.0, false, 1e16)},
      {"float_step_2m60", Dimension::grid(0.0, 1.0, 0x1p-60, false, 0x1p60)},
      {"float_1e300_steps", Dimension::grid(0.0, 1e300, 1.0, false, 1e300)},
  };
}

TEST(SearchSpaceHugeGrid, ProxyLatticeIndicesAndCoordinatesConvertExactly) {
  for (const auto& [name, dimension] : huge_grids()) {
    SCOPED_TRACE(name);
    const SearchSpace space({dimension});
    ASSERT_TRUE(space.is_proxy_grid(0));
    ASSERT_FALSE(space.is_continuous(0));
    ASSERT_EQ(space.n_values(0), gfo::kProxyIntervals + 1);
    ASSERT_LE(space.n_values(0), gfo::kMaxGridValues);
    std::mt19937_64 rng(13);
    std::uniform_int_distribution<long long> index_of(0, gfo::kProxyIntervals);
    std::vector<long long> indices = {
        0, 1, 2, gfo::kProxyIntervals / 2, gfo::kProxyIntervals - 1, gfo::kProxyIntervals};
    for (int trial = 0; trial < 2000; ++trial) indices.push_back(index_of(rng));
    for (const long long j : indices) {
      const double coordinate = space.value_coordinate(0, j);
      EXPECT_EQ(coordinate, std::ldexp(static_cast<double>(j), -51)) << j;
      EXPECT_EQ(space.value_index(0, coordinate), j) << j;
      EXPECT_EQ(space.snap(0, coordinate), coordinate) << j;
    }
    EXPECT_EQ(space.value_coordinate(0, 0), 0.0);
    EXPECT_EQ(space.value_coordinate(0, gfo::kProxyIntervals), 1.0);
  }
}

TEST(SearchSpaceHugeGrid, GridIndicesAreMonotoneBoundedAndReachTheEnds) {
  for (const auto& [name, dimension] : huge_grids()) {
    SCOPED_TRACE(name);
    const SearchSpace space({dimension});
    const Dimension& d = space.dimension(0);
    // Beyond the cube too, and the extremes of a double.
    std::vector<double> coordinates = {-std::numeric_limits<double>::max(), -1.0, 0.0, 1.0, 2.0,
                                       std::numeric_limits<double>::max()};
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (int trial = 0; trial < 5000; ++trial) coordinates.push_back(uniform(rng));
    std::sort(coordinates.begin(), coordinates.end());
    double previous_index = -1.0;
    double previous_native = -std::numeric_limits<double>::infinity();
    for (const double coordinate : coordinates) {
      const double k = space.grid_index(0, coordinate);
      ASSERT_TRUE(std::isfinite(k)) << coordinate;
      EXPECT_EQ(k, std::floor(k)) << coordinate;
      EXPECT_GE(k, 0.0) << coordinate;
      EXPECT_LE(k, d.n_intervals) << coordinate;
      EXPECT_GE(k, previous_index) << coordinate;
      previous_index = k;
      const double native = space.to_native(0, coordinate);
      EXPECT_GE(native, d.low) << coordinate;
      EXPECT_LE(native, d.high) << coordinate;
      EXPECT_GE(native, previous_native) << coordinate;
      previous_native = native;
      // The coordinate of the index is the snapped coordinate up to a proxy step where the grid
      // is finer than the lattice (rounding of the position, a double beyond 2**53), and one of
      // the same value where it is coarser (a log grid's low end).
      const double back = space.index_coordinate(0, k);
      EXPECT_EQ(space.snap(0, back), back);
      EXPECT_TRUE(std::abs(back - space.snap(0, coordinate)) <= 0x1p-51 || space.grid_index(0, back) == k)
          << coordinate;
    }
    EXPECT_EQ(space.grid_index(0, 0.0), 0.0);
    EXPECT_EQ(space.grid_index(0, 1.0), d.n_intervals);
    EXPECT_EQ(space.to_native(0, 0.0), d.low);
    // Indices beyond the grid are clamped to its ends, and the ends convert back.
    EXPECT_EQ(space.index_coordinate(0, -1e300), space.index_coordinate(0, 0.0));
    EXPECT_EQ(space.index_coordinate(0, 1e300), space.index_coordinate(0, d.n_intervals));
    EXPECT_EQ(space.grid_index(0, space.index_coordinate(0, 0.0)), 0.0);
    EXPECT_EQ(space.grid_index(0, space.index_coordinate(0, d.n_intervals)), d.n_intervals);
    EXPECT_TRUE(std::isnan(space.index_coordinate(0, std::nan(""))));
  }
}

TEST(SearchSpaceHugeGrid, RowWiseIndicesMatchPerDimensionAndOtherKindsPassAsNatives) {
  const SearchSpace space({Dimension::grid(-0x1p63, 0x1p63, 1.0, false, 0x1p64),
                           Dimension::continuous(-1.0, 1.0, false), Dimension::categorical(3),
                           Dimension::grid(1.0, 100.0, 1.0, true)});
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(50, 4);
  for (Eigen::Index r = 0; r < unit.rows(); ++r)
    for (Eigen::Index c = 0; c < unit.cols(); ++c) unit(r, c) = uniform(rng);
  const Eigen::MatrixXd points = space.from_unit_cube(unit);
  const Eigen::MatrixXd indices = space.to_grid_indices(points);
  const Eigen::MatrixXd natives = space.to_natives(points);
  const Eigen::MatrixXd back = space.from_grid_indices(indices);
  for (Eigen::Index r = 0; r < points.rows(); ++r) {
    EXPECT_EQ(indices(r, 0), space.grid_index(0, points(r, 0)));
    EXPECT_EQ(indices(r, 1), natives(r, 1));
    EXPECT_EQ(indices(r, 2), natives(r, 2));
    EXPECT_EQ(indices(r, 3), natives(r, 3) - 1.0);
    EXPECT_LE(std::abs(back(r, 0) - points(r, 0)), 0x1p-51);
    EXPECT_NEAR(back(r, 1), points(r, 1), 1e-15);
    EXPECT_EQ(back.rightCols(2).row(r), points.rightCols(2).row(r));
  }
  const Eigen::MatrixXd three_columns = Eigen::MatrixXd::Zero(1, 3);
  EXPECT_THROW(space.to_grid_indices(three_columns), std::invalid_argument);
  EXPECT_THROW(space.from_grid_indices(three_columns), std::invalid_argument);
}

TEST(SearchSpaceHugeGrid, LogProxyGridIsLogUniformUnderFromUnitCube) {
  const SearchSpace space({Dimension::grid(1.0, 1e18, 1.0, true, 1e18 - 1.0)});
  const long long n = 20000;
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd unit(n, 1);
  for (Eigen::Index r = 0; r < n; ++r) unit(r, 0) = uniform(rng);
  const Eigen::MatrixXd natives = space.to_natives(space.from_unit_cube(unit));
  // The value v owns [v - 1/2, v + 1/2] in log space: P(v <= 1e9) = log(1e9 + 1/2) - log(1/2) over
  // log(1e18 + 1/2) - log(1/2).
  const double expected = (std::log(1e9 + 0.5) - std::log(0.5)) / (std::log(1e18 + 0.5) - std::log(0.5));
  const double observed = static_cast<double>((natives.array() <= 1e9).count()) / static_cast<double>(n);
  EXPECT_NEAR(observed, expected, 0.015);
}

// A grid of few values high up: low + k step has no exact double, and the two logs of a log grid's
// bounds are nearly the same double. Coordinates still come from the exact count of steps.
TEST(SearchSpaceHugeGrid, FewValuesBeyond2To53KeepAnExactLattice) {
  for (const bool log : {false, true}) {
    SCOPED_TRACE(log ? "log" : "linear");
    // [2**62, 2**62 + 60000] step 3: the double of the high bound is 2**62 + 60416.
    const SearchSpace space({Dimension::grid(0x1p62, 0x1p62 + 60000.0, 3.0, log, 20000.0)});
    ASSERT_FALSE(space.is_proxy_grid(0));
    ASSERT_EQ(space.n_values(0), 20001);
    double previous = -1.0;
    for (long long k = 0; k <= 20000; ++k) {
      const double coordinate = space.value_coordinate(0, k);
      ASSERT_GT(coordinate, previous) << k;
      ASSERT_GE(coordinate, 0.0);
      ASSERT_LE(coordinate, 1.0);
      previous = coordinate;
      ASSERT_EQ(space.value_index(0, coordinate), k);
      ASSERT_EQ(space.grid_index(0, coordinate), static_cast<double>(k));
      ASSERT_EQ(space.index_coordinate(0, static_cast<double>(k)), coordinate);
    }
    EXPECT_NEAR(space.value_coordinate(0, 10000), 0.5, 1e-9);
  }
}

TEST(SearchSpaceHugeGrid, ExactStepCountsAreChecked) {
  const auto rejects = [](const Dimension& d) {
    EXPECT_THROW(SearchSpace(std::vector<Dimension>{d}), std::invalid_argument);
  };
  rejects(Dimension::grid(0.0, 10.0, 1.0, false, 9.0));
  rejects(Dimension::grid(0.0, 10.0, 1.0, false, 10.5));
  rejects(Dimension::grid(0.0, 10.0, 1.0, false, -1.0));
  rejects(Dimension::grid(0.0, 10.0, 1.0, false, std::numeric_limits<double>::infinity()));
  rejects(Dimension::grid(0.0, 10.0, 1.0, false, std::nan("")));
  // Rounded bounds beyond 2**53 are fine; the count decides.
  EXPECT_NO_THROW(SearchSpace({Dimension::grid(0x1p62, 0x1p62 + 1024.0, 3.0, false, 333.0)}));
  // Formerly "too many grid points".
  EXPECT_NO_THROW(SearchSpace({Dimension::grid(0.0, 1e300, 1.0, false)}));
  EXPECT_NO_THROW(SearchSpace({Dimension::grid(0.0, 0x1p52, 1.0, false)}));
  EXPECT_TRUE(SearchSpace({Dimension::grid(0.0, 0x1p52, 1.0, false)}).is_proxy_grid(0));
  EXPECT_FALSE(SearchSpace({Dimension::grid(0.0, 0x1p52 - 2.0, 1.0, false)}).is_proxy_grid(0));
}

}  // namespace
