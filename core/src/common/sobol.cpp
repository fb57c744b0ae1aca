#include "gfo/common/sobol.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <stdexcept>

namespace gfo {

ShiftedSobol::ShiftedSobol(Eigen::Index dimension, std::uint64_t seed)
    : dimension_(dimension), shifts_(static_cast<size_t>(dimension)) {
  if (dimension < 1) throw std::invalid_argument("ShiftedSobol: dimension must be >= 1");
  // The engine's raw output only (no <random> distribution, whose algorithm each standard library
  // chooses), so a seed gives the same shift everywhere; Boost's engine, like the GA's.
  boost::random::mt19937_64 rng(seed);
  for (auto& shift : shifts_) shift = rng();
}

Eigen::MatrixXd ShiftedSobol::points(std::uint64_t first_index, Eigen::Index count) const {
  // Boost's sequence starts at the second Sobol point (it skips the origin). Index 0 here is the
  // origin, so that every block of 2^k points starting at a multiple of 2^k is a net, one point per
  // elementary interval (Owen 2021, "On dropping the first Sobol' point").
  boost::random::sobol engine(static_cast<unsigned>(dimension_));
  if (first_index > 0) engine.seed(first_index - 1);
  Eigen::MatrixXd out(count, dimension_);
  constexpr double kTwoToMinus64 = 1.0 / 18446744073709551616.0;
  for (Eigen::Index r = 0; r < count; ++r) {
    const bool origin = first_index == 0 && r == 0;
    for (Eigen::Index c = 0; c < dimension_; ++c) {
      const std::uint64_t bits = (origin ? 0 : engine()) ^ shifts_[static_cast<size_t>(c)];
      // Keep the top 53 bits so the double is exact and strictly below 1.
      out(r, c) = static_cast<double>(bits >> 11) * (kTwoToMinus64 * 2048.0);
    }
  }
  return out;
}

}  // namespace gfo
