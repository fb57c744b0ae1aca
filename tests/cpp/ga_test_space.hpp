#pragma once
// A mixed search space for the GA operator tests, and a check that genes are admissible.

#include <gtest/gtest.h>

#include <cmath>

#include "gfo/common/search_space.hpp"
#include "gfo/ga/random.hpp"

namespace gfo::ga::testing {

inline SearchSpace mixed_space() {
  return SearchSpace({
      Dimension::continuous(-2.0, 3.0, false), Dimension::continuous(1e-5, 1.0, true),
      Dimension::grid(1.0, 12.0, 1.0, false),                            // an int
      Dimension::grid(0.0, 2.0, 0.25, false),                            // a stepped float
      Dimension::grid(1.0, 1024.0, 1.0, true),                           // a log int
      Dimension::categorical(4), Dimension::grid(5.0, 5.0, 1.0, false),  // single-valued
  });
}

// In range and on grid: the genome is its own snap, and its native values sit on the grid.
inline void expect_admissible(const SearchSpace& space, const Eigen::VectorXd& genes) {
  ASSERT_EQ(genes.size(), space.size());
  const Eigen::MatrixXd row = genes.transpose();
  EXPECT_EQ(space.snap(row), row);
  const Eigen::MatrixXd native = space.to_natives(row);
  for (Eigen::Index j = 0; j < space.size(); ++j) {
    const Dimension& d = space.dimension(j);
    if (d.kind == DimensionKind::kCategorical) {
      EXPECT_EQ(genes(j), std::round(genes(j)));
      EXPECT_GE(genes(j), 0.0);
      EXPECT_LT(genes(j), d.n_choices);
      continue;
    }
    EXPECT_GE(genes(j), 0.0);
    EXPECT_LE(genes(j), 1.0);
    EXPECT_GE(native(0, j), d.low);
    EXPECT_LE(native(0, j), d.high);
    if (d.kind == DimensionKind::kGrid) {
      const double k = (native(0, j) - d.low) / d.step;
      EXPECT_NEAR(k, std::round(k), 1e-9);
    }
  }
}

inline Eigen::VectorXd random_genome(const SearchSpace& space, Rng& rng) {
  Eigen::MatrixXd unit(1, space.size());
  for (Eigen::Index j = 0; j < space.size(); ++j) unit(0, j) = uniform01(rng);
  return space.from_unit_cube(unit).row(0).transpose();
}

}  // namespace gfo::ga::testing
