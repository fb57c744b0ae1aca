#pragma once
// Randomly shifted Sobol points in the unit cube: Boost.Random's Sobol sequence with a random digital
// shift (an XOR of every coordinate's bits with a per-dimension random mask), so that different
// seeds give different, equally well spread point sets and no point sits on the cube's corner.
//
// Boost's direction numbers stop at kMaxSobolDimension dimensions. The coordinates beyond are
// pseudo-random, drawn per point from the seed and the point's index ("padding" a quasi-Monte
// Carlo design with Monte Carlo, Spanier 1995): no other direction numbers ship with Boost, and
// the few hundred points of a study or of a proposal's candidates fill a cube of thousands of
// dimensions no better with any design.

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace gfo {

constexpr Eigen::Index kMaxSobolDimension = 3667;  // BOOST_RANDOM_SOBOL_MAX_DIMENSION

class ShiftedSobol {
 public:
  ShiftedSobol(Eigen::Index dimension, std::uint64_t seed);

  Eigen::Index dimension() const { return dimension_; }

  // Points first_index, first_index + 1, ... of the sequence, one per row, in [0, 1)^d.
  Eigen::MatrixXd points(std::uint64_t first_index, Eigen::Index count) const;

 private:
  Eigen::Index dimension_;
  std::uint64_t seed_;
  std::vector<std::uint64_t> shifts_;  // one per Sobol dimension
};

}  // namespace gfo
