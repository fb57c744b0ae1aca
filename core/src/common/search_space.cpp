#include "gfo/common/search_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace gfo {
namespace {

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

constexpr double kProxySpacing = 1.0 / static_cast<double>(kProxyIntervals);

double transform(const Dimension& d, double native) { return d.log ? std::log(native) : native; }

double inverse_transform(const Dimension& d, double transformed) { return d.log ? std::exp(transformed) : transformed; }

bool is_proxy(const Dimension& d) { return d.n_intervals + 1.0 > static_cast<double>(kMaxGridValues); }

// A grid's geometry by position p, the real-valued index (value low + p step): value k owns the
// cell of positions [k - 1/2, k + 1/2], and the cells tile [0, 1] linearly (for log grids: in log
// space, by native values). Positions rather than values, because low + k step is not exact in doubles (integers
// beyond 2**53); log1p and expm1 of the ratio to the padded low keep the digits of a log grid over
// a narrow range high up ([2**62, 2**62 + 1000]: the two logs would be equal doubles).
double position_to_coordinate(const Dimension& d, double position) {
  if (!d.log) return (position + 0.5) / (d.n_intervals + 1.0);
  const double padded_low = d.low - 0.5 * d.step;
  return std::log1p((position + 0.5) * d.step / padded_low) /
         std::log1p((d.n_intervals + 1.0) * d.step / padded_low);
}

double coordinate_to_position(const Dimension& d, double coordinate) {
  if (!d.log) return coordinate * (d.n_intervals + 1.0) - 0.5;
  const double padded_low = d.low - 0.5 * d.step;
  return padded_low * std::expm1(coordinate * std::log1p((d.n_intervals + 1.0) * d.step / padded_low)) / d.step -
         0.5;
}

// The grid value low + k step as a double (clamped: it can overshoot high by an ulp, -10.2 + 204 * 0.1).
double grid_value(const Dimension& d, double k) { return std::min(d.low + k * d.step, d.high); }

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
  return grid(low, high, step, log, std::round((high - low) / step));
}

Dimension Dimension::grid(double low, double high, double step, bool log, double n_intervals) {
  Dimension d = continuous(low, high, log);
  d.kind = DimensionKind::kGrid;
  d.step = step;
  d.n_intervals = n_intervals;
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
      require(std::isfinite(d.n_intervals) && d.n_intervals >= 0.0 && d.n_intervals == std::floor(d.n_intervals),
              where + "the number of steps must be a whole number");
      if (!is_proxy(d)) {
        // Up to rounding: of the division, and of bounds beyond 2**53 (counted exactly by the caller).
        const double span = d.n_intervals * d.step;
        const double tolerance = 1e-8 * std::max(d.step, std::abs(d.high - d.low)) +
                                 4.0 * std::numeric_limits<double>::epsilon() *
                                     std::max(std::abs(d.low), std::abs(d.high));
        require(std::abs(span - (d.high - d.low)) <= tolerance, where + "high - low must be n_intervals steps");
      }
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

bool SearchSpace::is_proxy_grid(Eigen::Index i) const {
  const Dimension& d = dimension(i);
  return d.kind == DimensionKind::kGrid && is_proxy(d);
}

long long SearchSpace::n_values(Eigen::Index i) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return d.n_choices;
  if (d.kind == DimensionKind::kGrid) return is_proxy(d) ? kProxyIntervals + 1 : static_cast<long long>(d.n_intervals) + 1;
  throw std::logic_error("n_values: a continuous dimension has no finite set of values");
}

double SearchSpace::value_coordinate(Eigen::Index i, long long k) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return static_cast<double>(k);
  if (d.kind == DimensionKind::kContinuous) throw std::logic_error("value_coordinate: a continuous dimension");
  if (d.n_intervals == 0.0) return 0.5;
  if (is_proxy(d)) return static_cast<double>(std::clamp(k, 0LL, kProxyIntervals)) * kProxySpacing;
  return std::clamp(position_to_coordinate(d, static_cast<double>(k)), 0.0, 1.0);
}

long long SearchSpace::value_index(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return static_cast<long long>(to_native(i, coordinate));
  if (d.kind == DimensionKind::kContinuous) throw std::logic_error("value_index: a continuous dimension");
  if (d.n_intervals == 0.0) return 0;
  const double unit = std::clamp(coordinate, 0.0, 1.0);
  // Multiplying by a power of two is exact: proxy coordinates and indices convert losslessly.
  if (is_proxy(d)) return std::llround(unit * static_cast<double>(kProxyIntervals));
  return std::llround(std::clamp(coordinate_to_position(d, unit), 0.0, d.n_intervals));
}

double SearchSpace::grid_index(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (!is_proxy(d)) return static_cast<double>(value_index(i, coordinate));
  // Clamped as a double: the whole int64 range has 2**64 - 1 steps, beyond long long.
  return std::clamp(std::round(coordinate_to_position(d, snap(i, coordinate))), 0.0, d.n_intervals);
}

double SearchSpace::index_coordinate(Eigen::Index i, double k) const {
  const Dimension& d = dimension(i);
  if (d.n_intervals == 0.0) return 0.5;
  if (std::isnan(k)) return k;  // as to_coordinate does with a NaN value; no cast of NaN to an int
  const double position = std::clamp(std::round(k), 0.0, d.n_intervals);
  if (is_proxy(d)) return snap(i, position_to_coordinate(d, position));
  return value_coordinate(i, static_cast<long long>(position));
}

double SearchSpace::to_coordinate(Eigen::Index i, double native) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) return native;
  if (d.kind == DimensionKind::kGrid) return index_coordinate(i, (native - d.low) / d.step);
  if (d.high == d.low) return 0.5;
  const double lo = transform(d, d.low);
  const double hi = transform(d, d.high);
  return std::clamp((transform(d, native) - lo) / (hi - lo), 0.0, 1.0);
}

double SearchSpace::to_native(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) {
    const double index = std::round(coordinate);
    return std::clamp(index, 0.0, static_cast<double>(d.n_choices - 1));
  }
  if (d.kind == DimensionKind::kGrid) return d.n_intervals == 0.0 ? d.low : grid_value(d, grid_index(i, coordinate));
  if (d.high == d.low) return d.low;
  const double lo = transform(d, d.low);
  const double hi = transform(d, d.high);
  const double unit = std::clamp(coordinate, 0.0, 1.0);
  return std::clamp(inverse_transform(d, lo + unit * (hi - lo)), d.low, d.high);
}

double SearchSpace::snap(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kContinuous) return d.high == d.low ? 0.5 : std::clamp(coordinate, 0.0, 1.0);
  if (d.kind == DimensionKind::kCategorical) return to_native(i, coordinate);
  return value_coordinate(i, value_index(i, coordinate));
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

Eigen::MatrixXd SearchSpace::to_grid_indices(const Eigen::MatrixXd& coordinates) const {
  require(coordinates.cols() == size(), "to_grid_indices: expected one column per dimension");
  Eigen::MatrixXd out(coordinates.rows(), coordinates.cols());
  for (Eigen::Index c = 0; c < coordinates.cols(); ++c) {
    const bool grid = dimension(c).kind == DimensionKind::kGrid;
    for (Eigen::Index r = 0; r < coordinates.rows(); ++r)
      out(r, c) = grid ? grid_index(c, coordinates(r, c)) : to_native(c, coordinates(r, c));
  }
  return out;
}

Eigen::MatrixXd SearchSpace::from_grid_indices(const Eigen::MatrixXd& indices) const {
  require(indices.cols() == size(), "from_grid_indices: expected one column per dimension");
  Eigen::MatrixXd out(indices.rows(), indices.cols());
  for (Eigen::Index c = 0; c < indices.cols(); ++c) {
    const bool grid = dimension(c).kind == DimensionKind::kGrid;
    for (Eigen::Index r = 0; r < indices.rows(); ++r)
      out(r, c) = grid ? index_coordinate(c, indices(r, c)) : to_coordinate(c, indices(r, c));
  }
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
