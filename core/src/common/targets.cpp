#include "gfo/common/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace gfo {

Eigen::VectorXd clip_infinite(const Eigen::VectorXd& values, const char* name) {
  if (values.hasNaN()) throw std::invalid_argument(std::string(name) + ": NaN values must be removed");
  double lowest = std::numeric_limits<double>::infinity();
  double highest = -std::numeric_limits<double>::infinity();
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    lowest = std::min(lowest, v);
    highest = std::max(highest, v);
  }
  if (!std::isfinite(lowest)) return Eigen::VectorXd::Zero(values.size());
  return values.cwiseMax(lowest).cwiseMin(highest);
}

Standardized standardize(const Eigen::VectorXd& raw, const char* name) {
  Standardized result;
  const Eigen::VectorXd clipped = clip_infinite(raw, name);
  result.mean = clipped.mean();
  const double stddev = std::sqrt((clipped.array() - result.mean).square().mean());
  result.scale = stddev > 0.0 ? stddev : 1.0;
  result.values = (clipped.array() - result.mean) / result.scale;
  return result;
}

}  // namespace gfo
