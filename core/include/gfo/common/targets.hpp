#pragma once

#include <Eigen/Core>

namespace gfo {

// Objective values with +-inf replaced by the largest / smallest finite value (all zeros when
// none is finite). Throws std::invalid_argument on NaN, naming `name`.
Eigen::VectorXd clip_infinite(const Eigen::VectorXd& values, const char* name);

// Values clipped as above, then scaled to zero mean and unit variance (unit scale when they are
// all equal, which makes them all zero), with the map so that a threshold or a reference point
// can be scaled the same way. The values are divided by their largest magnitude before anything
// is summed or squared, so every finite input (up to +-1.8e308) gives finite results: the plain
// formula overflows from about 1e154 (a square) or 1e308 (a sum) on.
struct Standardized {
  Eigen::VectorXd values;
  double magnitude = 1.0;  // the largest |clipped value| (1 when all are 0)
  double mean = 0.0;       // of the values divided by magnitude
  double scale = 1.0;      // their standard deviation
  double map(double raw) const { return (raw / magnitude - mean) / scale; }
};
Standardized standardize(const Eigen::VectorXd& raw, const char* name);

}  // namespace gfo
