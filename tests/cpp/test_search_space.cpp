#include "gfo/search_space.hpp"

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
  EXPECT_THROW(SearchSpace({Dimension::continuous(0.0, 1.0, false), Dimension::categorical(0)}),
               std::invalid_argument);
}

TEST(SearchSpace, RowWiseFunctionsRejectWrongWidth) {
  const SearchSpace space({Dimension::continuous(0.0, 1.0, false), Dimension::categorical(2)});
  const Eigen::MatrixXd three_columns = Eigen::MatrixXd::Zero(2, 3);
  EXPECT_THROW(space.to_coordinates(three_columns), std::invalid_argument);
  EXPECT_THROW(space.to_natives(three_columns), std::invalid_argument);
  EXPECT_THROW(space.snap(three_columns), std::invalid_argument);
  EXPECT_THROW(space.from_unit_cube(three_columns), std::invalid_argument);
}

}  // namespace
