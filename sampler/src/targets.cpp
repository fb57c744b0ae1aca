#include "gfo/targets.hpp"

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

}  // namespace gfo
