#include "gfo/search_space.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gfo {
namespace {

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

long long grid_intervals(const Dimension& d) {
  return static_cast<long long>(std::llround((d.high - d.low) / d.step));
}

}  // namespace

Dimension Dimension::continuous(double low, double high, bool log) {
  Dimension d;
  d.kind = DimensionKind::kContinuous;
  d.low = low;
  d.high = high;
  d.log = log;
  return d;
}

Dimension Dimension::grid(double low, double high, double step, bool log) {
  Dimension d = continuous(low, high, log);
  d.kind = DimensionKind::kGrid;
  d.step = step;
  return d;
}

Dimension Dimension::categorical(int n_choices) {
  Dimension d;
  d.kind = DimensionKind::kCategorical;
  d.low = 0.0;
  d.high = n_choices - 1.0;
  d.n_choices = n_choices;
  return d;
}

SearchSpace::SearchSpace(std::vector<Dimension> dimensions) : dimensions_(std::move(dimensions)) {
  for (size_t i = 0; i < dimensions_.size(); ++i) {
    const Dimension& d = dimensions_[i];
    const std::string where = "dimension " + std::to_string(i) + ": ";
    if (d.kind == DimensionKind::kCategorical) {
      require(d.n_choices >= 1, where + "a categorical dimension needs at least one choice");
      continue;
    }
    require(std::isfinite(d.low) && std::isfinite(d.high), where + "bounds must be finite");
    require(d.low <= d.high, where + "low must not exceed high");
    require(!d.log || d.low > 0.0, where + "a log-scaled dimension needs low > 0");
    if (d.kind == DimensionKind::kGrid) {
      require(std::isfinite(d.step) && d.step > 0.0, where + "step must be positive");
      require(d.log ? d.low - 0.5 * d.step > 0.0 : true,
              where + "a log-scaled grid needs low > step / 2");
      require(grid_intervals(d) < (1LL << 52), where + "too many grid points");
      const double span = static_cast<double>(grid_intervals(d)) * d.step;
      require(std::abs(span - (d.high - d.low)) <= 1e-8 * std::max(d.step, std::abs(d.high - d.low)),
              where + "high - low must be a multiple of step");
    }
  }
}

bool SearchSpace::is_categorical(Eigen::Index i) const {
  return dimension(i).kind == DimensionKind::kCategorical;
}

bool SearchSpace::is_continuous(Eigen::Index i) const {
  const Dimension& d = dimension(i);
  return d.kind == DimensionKind::kContinuous && d.high > d.low;
}

long long SearchSpace::n_values(Eigen::Index i) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return d.n_choices;
  if (d.kind == DimensionKind::kGrid) return grid_intervals(d) + 1;
  throw std::logic_error("n_values: a continuous dimension has no finite set of values");
}

double SearchSpace::value_coordinate(Eigen::Index i, long long k) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return static_cast<double>(k);
  // Clamped like to_native: low + k step can overshoot high by an ulp (-10.2 + 204 * 0.1).
  return to_coordinate(i, std::min(d.low + static_cast<double>(k) * d.step, d.high));
}

long long SearchSpace::value_index(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  const double native = to_native(i, coordinate);
  if (d.kind == DimensionKind::kCategorical) return static_cast<long long>(native);
  return std::llround((native - d.low) / d.step);
}

double SearchSpace::transform(const Dimension& d, double native) const {
  return d.log ? std::log(native) : native;
}

double SearchSpace::inverse_transform(const Dimension& d, double transformed) const {
  return d.log ? std::exp(transformed) : transformed;
}

double SearchSpace::padded_low(const Dimension& d) const {
  return d.kind == DimensionKind::kGrid ? d.low - 0.5 * d.step : d.low;
}

double SearchSpace::padded_high(const Dimension& d) const {
  return d.kind == DimensionKind::kGrid ? d.high + 0.5 * d.step : d.high;
}

double SearchSpace::to_coordinate(Eigen::Index i, double native) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return native;
  if (d.high == d.low) return 0.5;
  const double lo = transform(d, padded_low(d));
  const double hi = transform(d, padded_high(d));
  return std::clamp((transform(d, native) - lo) / (hi - lo), 0.0, 1.0);
}

double SearchSpace::to_native(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) {
    const double index = std::round(coordinate);
    return std::clamp(index, 0.0, static_cast<double>(d.n_choices - 1));
  }
  if (d.high == d.low) return d.low;
  const double lo = transform(d, padded_low(d));
  const double hi = transform(d, padded_high(d));
  const double unit = std::clamp(coordinate, 0.0, 1.0);
  const double native = inverse_transform(d, lo + unit * (hi - lo));
  if (d.kind == DimensionKind::kContinuous) return std::clamp(native, d.low, d.high);
  const long long k = std::clamp(std::llround((native - d.low) / d.step), 0LL, grid_intervals(d));
  return std::min(d.low + static_cast<double>(k) * d.step, d.high);
}

double SearchSpace::snap(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kContinuous) return d.high == d.low ? 0.5 : std::clamp(coordinate, 0.0, 1.0);
  return to_coordinate(i, to_native(i, coordinate));
}

Eigen::MatrixXd SearchSpace::to_coordinates(const Eigen::MatrixXd& native) const {
  require(native.cols() == size(), "to_coordinates: expected one column per dimension");
  Eigen::MatrixXd out(native.rows(), native.cols());
  for (Eigen::Index r = 0; r < native.rows(); ++r)
    for (Eigen::Index c = 0; c < native.cols(); ++c) out(r, c) = to_coordinate(c, native(r, c));
  return out;
}

Eigen::MatrixXd SearchSpace::to_natives(const Eigen::MatrixXd& coordinates) const {
  require(coordinates.cols() == size(), "to_natives: expected one column per dimension");
  Eigen::MatrixXd out(coordinates.rows(), coordinates.cols());
  for (Eigen::Index r = 0; r < coordinates.rows(); ++r)
    for (Eigen::Index c = 0; c < coordinates.cols(); ++c) out(r, c) = to_native(c, coordinates(r, c));
  return out;
}

Eigen::MatrixXd SearchSpace::snap(const Eigen::MatrixXd& coordinates) const {
  require(coordinates.cols() == size(), "snap: expected one column per dimension");
  Eigen::MatrixXd out(coordinates.rows(), coordinates.cols());
  for (Eigen::Index r = 0; r < coordinates.rows(); ++r)
    for (Eigen::Index c = 0; c < coordinates.cols(); ++c) out(r, c) = snap(c, coordinates(r, c));
  return out;
}

Eigen::MatrixXd SearchSpace::from_unit_cube(const Eigen::MatrixXd& unit) const {
  require(unit.cols() == size(), "from_unit_cube: expected one column per dimension");
  Eigen::MatrixXd out(unit.rows(), unit.cols());
  for (Eigen::Index r = 0; r < unit.rows(); ++r) {
    for (Eigen::Index c = 0; c < unit.cols(); ++c) {
      const double u = std::clamp(unit(r, c), 0.0, std::nextafter(1.0, 0.0));
      out(r, c) = is_categorical(c) ? std::floor(u * dimension(c).n_choices) : snap(c, u);
    }
  }
  return out;
}

std::vector<bool> SearchSpace::categorical_mask() const {
  std::vector<bool> mask(dimensions_.size());
  for (size_t i = 0; i < dimensions_.size(); ++i)
    mask[i] = dimensions_[i].kind == DimensionKind::kCategorical;
  return mask;
}

}  // namespace gfo
