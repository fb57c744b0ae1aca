#pragma once
// Randomly shifted Sobol points in the unit cube: Boost.Random's Sobol sequence with a random digital
// shift (an XOR of every coordinate's bits with a per-dimension random mask), so that different
// seeds give different, equally well spread point sets and no point sits on the cube's corner.

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace gfo {

class ShiftedSobol {
 public:
  ShiftedSobol(Eigen::Index dimension, std::uint64_t seed);

  Eigen::Index dimension() const { return dimension_; }

  // Points first_index, first_index + 1, ... of the sequence, one per row, in [0, 1)^d.
  Eigen::MatrixXd points(std::uint64_t first_index, Eigen::Index count) const;

 private:
  Eigen::Index dimension_;
  std::vector<std::uint64_t> shifts_;
};

}  // namespace gfo
