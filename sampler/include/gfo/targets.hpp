#pragma once

#include <Eigen/Core>

namespace gfo {

// Objective values with +-inf replaced by the largest / smallest finite value (all zeros when
// none is finite). Throws std::invalid_argument on NaN, naming `name`.
Eigen::VectorXd clip_infinite(const Eigen::VectorXd& values, const char* name);

}  // namespace gfo
