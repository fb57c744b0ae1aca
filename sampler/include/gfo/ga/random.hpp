#pragma once

#include <random>

namespace gfo::ga {

// The GA operators draw from one engine, owned by the caller and seeded per child.
using Rng = std::mt19937_64;

inline double uniform01(Rng& rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

}  // namespace gfo::ga
