#include "gfo/common/sobol.hpp"

#include <algorithm>
#include <boost/random/detail/sobol_table.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/seed_seq.hpp>
#include <boost/random/sobol.hpp>
#include <stdexcept>

namespace gfo {
namespace {

static_assert(kMaxSobolDimension == BOOST_RANDOM_SOBOL_MAX_DIMENSION, "Boost's Sobol table changed size");

// The top 53 bits of a 64-bit word: a double that is exact and strictly below 1.
double unit_double(std::uint64_t bits) {
  constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(bits >> 11) * kTwoToMinus53;
}

}  // namespace

ShiftedSobol::ShiftedSobol(Eigen::Index dimension, std::uint64_t seed) : dimension_(dimension), seed_(seed) {
  if (dimension < 1) throw std::invalid_argument("ShiftedSobol: dimension must be >= 1");
  shifts_.resize(static_cast<size_t>(std::min(dimension, kMaxSobolDimension)));
  // The engine's raw output only (no <random> distribution, whose algorithm each standard library
  // chooses), so a seed gives the same shift everywhere; Boost's engine, like the GA's.
  boost::random::mt19937_64 rng(seed);
  for (auto& shift : shifts_) shift = rng();
}

Eigen::MatrixXd ShiftedSobol::points(std::uint64_t first_index, Eigen::Index count) const {
  const auto sobol_dimension = static_cast<Eigen::Index>(shifts_.size());
  // Boost's sequence starts at the second Sobol point (it skips the origin). Index 0 here is the
  // origin, so that every block of 2^k points starting at a multiple of 2^k is a net, one point per
  // elementary interval (Owen 2021, "On dropping the first Sobol' point").
  boost::random::sobol engine(static_cast<unsigned>(sobol_dimension));
  if (first_index > 0) engine.seed(first_index - 1);
  Eigen::MatrixXd out(count, dimension_);
  for (Eigen::Index r = 0; r < count; ++r) {
    const bool origin = first_index == 0 && r == 0;
    for (Eigen::Index c = 0; c < sobol_dimension; ++c)
      out(r, c) = unit_double((origin ? 0 : engine()) ^ shifts_[static_cast<size_t>(c)]);
    if (dimension_ == sobol_dimension) continue;
    // The padding of point `index`: its own engine, so that a point does not depend on which
    // others were drawn with it.
    const std::uint64_t index = first_index + static_cast<std::uint64_t>(r);
    boost::random::seed_seq words{static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32),
                                  static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32)};
    boost::random::mt19937_64 padding(words);
    for (Eigen::Index c = sobol_dimension; c < dimension_; ++c) out(r, c) = unit_double(padding());
  }
  return out;
}

}  // namespace gfo
