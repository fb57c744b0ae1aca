#pragma once

#include <Eigen/Core>

namespace gfo {

// Objective values with +-inf replaced by the largest / smallest finite value (all zeros when
// none is finite). Throws std::invalid_argument on NaN, naming `name`.
Eigen::VectorXd clip_infinite(const Eigen::VectorXd& values, const char* name);

// Values clipped as above, then scaled to zero mean and unit variance (unit scale when they are
// all equal, which makes them all zero), with the map so that a threshold or a reference point
// can be scaled the same way.
struct Standardized {
  Eigen::VectorXd values;
  double mean = 0.0;
  double scale = 1.0;
  double map(double raw) const { return (raw - mean) / scale; }
};
Standardized standardize(const Eigen::VectorXd& raw, const char* name);

}  // namespace gfo
