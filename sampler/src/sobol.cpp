#include "gfo/sobol.hpp"

#include <boost/random/sobol.hpp>
#include <random>
#include <stdexcept>

namespace gfo {

ScrambledSobol::ScrambledSobol(Eigen::Index dimension, std::uint64_t seed)
    : dimension_(dimension), shifts_(static_cast<size_t>(dimension)) {
  if (dimension < 1) throw std::invalid_argument("ScrambledSobol: dimension must be >= 1");
  std::mt19937_64 rng(seed);
  for (auto& shift : shifts_) shift = rng();
}

Eigen::MatrixXd ScrambledSobol::points(std::uint64_t first_index, Eigen::Index count) const {
  boost::random::sobol engine(static_cast<unsigned>(dimension_));
  engine.seed(first_index);
  Eigen::MatrixXd out(count, dimension_);
  constexpr double kTwoToMinus64 = 1.0 / 18446744073709551616.0;
  for (Eigen::Index r = 0; r < count; ++r) {
    for (Eigen::Index c = 0; c < dimension_; ++c) {
      const std::uint64_t bits = engine() ^ shifts_[static_cast<size_t>(c)];
      // Keep the top 53 bits so the double is exact and strictly below 1.
      out(r, c) = static_cast<double>(bits >> 11) * (kTwoToMinus64 * 2048.0);
    }
  }
  return out;
}

}  // namespace gfo
