#pragma once
// The random numbers of the GA operators. One engine, owned by the caller and seeded per child.
//
// Every draw goes through Boost.Random's distributions, never <random>'s: the standard specifies
// the engines' output but not the algorithms of std::uniform_real_distribution,
// normal_distribution, uniform_int_distribution or std::shuffle, so libstdc++, libc++ and MSVC
// turn one seed into different children. Boost's algorithms are the same code everywhere, so a
// seed gives the same children with every standard library (tests/cpp/test_ga_random.cpp pins
// the first numbers of seeded streams).

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cstddef>
#include <utility>
#include <vector>

namespace gfo::ga {

// The same generator as std::mt19937_64 (same parameters, same output for a seed).
using Rng = boost::random::mt19937_64;

// Uniform on [0, 1).
inline double uniform01(Rng& rng) { return boost::random::uniform_real_distribution<double>(0.0, 1.0)(rng); }

// Uniform on the integers low, ..., high (both included; low <= high).
inline long long uniform_integer(long long low, long long high, Rng& rng) {
  return boost::random::uniform_int_distribution<long long>(low, high)(rng);
}

// Normal with mean 0 and standard deviation `sigma` (> 0).
inline double normal(double sigma, Rng& rng) { return boost::random::normal_distribution<double>(0.0, sigma)(rng); }

// Moves a uniformly random ordered sample of `count` items (at most items.size()) to the front
// of `items`: the first `count` steps of Fisher-Yates (Durstenfeld's form), so the result is
// specified by the draws alone, unlike std::shuffle's.
template <typename T>
void shuffle_prefix(std::vector<T>& items, std::size_t count, Rng& rng) {
  const auto n = static_cast<long long>(items.size());
  for (long long i = 0; i < static_cast<long long>(count) && i < n - 1; ++i) {
    const long long j = uniform_integer(i, n - 1, rng);
    std::swap(items[static_cast<std::size_t>(i)], items[static_cast<std::size_t>(j)]);
  }
}

}  // namespace gfo::ga
