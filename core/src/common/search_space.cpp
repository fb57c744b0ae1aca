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

// (x - low) / (high - low) and low + t (high - low), also when high - low exceeds the largest
// double (a continuous range [-1e308, 1e308]): then on halves, which are exact.
double fraction(double x, double low, double high) {
  const double span = high - low;
  if (std::isfinite(span)) return (x - low) / span;
  return (0.5 * x - 0.5 * low) / (0.5 * high - 0.5 * low);
}

double interpolate(double low, double high, double t) {
  const double span = high - low;
  if (std::isfinite(span)) return low + t * span;
  return 2.0 * (0.5 * low + t * (0.5 * high - 0.5 * low));
}

// log1p(a * b / c) for positive a, b, c, also when a * b / c exceeds the largest double (a log
// grid up to 1e308 with a small padded low): then the 1 is far below the rounding of the rest.
double log1p_ratio(double a, double b, double c) {
  const double x = a * b / c;
  if (std::isfinite(x)) return std::log1p(x);
  return std::log(a) + std::log(b) - std::log(c);
}

// A grid's geometry by position p, the real-valued index (value low + p step): value k owns the
// cell of positions [k - 1/2, k + 1/2], and the cells tile [0, 1] linearly (for log grids: in log
// space, by native values). Positions rather than values, because low + k step is not exact in doubles (integers
// beyond 2**53); log1p and expm1 of the ratio to the padded low keep the digits of a log grid over
// a narrow range high up ([2**62, 2**62 + 1000]: the two logs would be equal doubles).
double position_to_coordinate(const Dimension& d, double position) {
  if (!d.log) return (position + 0.5) / (d.n_intervals + 1.0);
  const double padded_low = d.low - 0.5 * d.step;
  return log1p_ratio(position + 0.5, d.step, padded_low) / log1p_ratio(d.n_intervals + 1.0, d.step, padded_low);
}

double coordinate_to_position(const Dimension& d, double coordinate) {
  if (!d.log) return coordinate * (d.n_intervals + 1.0) - 0.5;
  const double padded_low = d.low - 0.5 * d.step;
  const double growth = std::expm1(coordinate * log1p_ratio(d.n_intervals + 1.0, d.step, padded_low));
  const double position = padded_low * growth / d.step;
  // padded_low * growth overflows only near the top of a grid reaching the largest doubles.
  return (std::isfinite(position) ? position : growth * (padded_low / d.step)) - 0.5;
}

// The grid value low + k step as a double (clamped: it can overshoot high by an ulp, -10.2 + 204 * 0.1).
double grid_value(const Dimension& d, double k) {
  const double value = d.low + k * d.step;
  // k step beyond the largest double: a grid spanning more than it ([-1e308, 1e308] by 1e307).
  return std::min(std::isfinite(value) ? value : 2.0 * (0.5 * d.low + k * (0.5 * d.step)), d.high);
}

// (x - low) / step, the real-valued grid index of x, without overflow.
double steps_between(double low, double x, double step) {
  const double steps = (x - low) / step;
  return std::isfinite(steps) ? steps : (0.5 * x - 0.5 * low) / (0.5 * step);
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
  return grid(low, high, step, log, std::round(steps_between(low, high, step)));
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
      require(d.log ? d.low - 0.5 * d.step > 0.0 : true, where + "a log-scaled grid needs low > step / 2");
      require(std::isfinite(d.n_intervals) && d.n_intervals >= 0.0 && d.n_intervals == std::floor(d.n_intervals),
              where + "the number of steps must be a whole number");
      // Up to rounding: of the division, and of bounds beyond 2**53 (counted exactly by the caller).
      // On halves, which cannot overflow (a grid from -1e308 to 1e308). Huge grids too: an
      // n_intervals too large would let grid indices name values beyond high.
      const double half_span = 0.5 * d.high - 0.5 * d.low;
      const double tolerance =
          1e-8 * std::max(0.5 * d.step, half_span) +
          2.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(d.low), std::abs(d.high));
      require(std::abs(d.n_intervals * (0.5 * d.step) - half_span) <= tolerance,
              where + "high - low must be n_intervals steps");
    }
  }
}

bool SearchSpace::is_categorical(Eigen::Index i) const { return dimension(i).kind == DimensionKind::kCategorical; }

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
  if (d.kind == DimensionKind::kGrid)
    return is_proxy(d) ? kProxyIntervals + 1 : static_cast<long long>(d.n_intervals) + 1;
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
  if (d.kind == DimensionKind::kGrid) return index_coordinate(i, steps_between(d.low, native, d.step));
  if (d.high == d.low) return 0.5;
  // Clamped first: the log of a value below a log range's low may not exist.
  const double inside = std::clamp(native, d.low, d.high);
  return std::clamp(fraction(transform(d, inside), transform(d, d.low), transform(d, d.high)), 0.0, 1.0);
}

double SearchSpace::to_native(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kCategorical) {
    const double index = std::round(coordinate);
    return std::clamp(index, 0.0, static_cast<double>(d.n_choices - 1));
  }
  if (d.kind == DimensionKind::kGrid) return d.n_intervals == 0.0 ? d.low : grid_value(d, grid_index(i, coordinate));
  if (d.high == d.low) return d.low;
  const double unit = std::clamp(coordinate, 0.0, 1.0);
  return std::clamp(inverse_transform(d, interpolate(transform(d, d.low), transform(d, d.high), unit)), d.low, d.high);
}

double SearchSpace::snap(Eigen::Index i, double coordinate) const {
  const Dimension& d = dimension(i);
  if (d.kind == DimensionKind::kContinuous) return d.high == d.low ? 0.5 : std::clamp(coordinate, 0.0, 1.0);
  if (d.kind == DimensionKind::kCategorical) return to_native(i, coordinate);
  return value_coordinate(i, value_index(i, coordinate));
}

namespace {

// What a row-wise function takes: one column per dimension, no NaN (it passes every clamp,
// std::clamp(NaN) is NaN, and a cast of it to an index is undefined); with `choice_indices`, a
// categorical column holds the index of a choice, not a coordinate to round. Then `element` maps
// each entry, given its column.
template <typename Element>
Eigen::MatrixXd map_entries(const SearchSpace& space, const Eigen::MatrixXd& values, const char* name,
                            bool choice_indices, Element element) {
  const std::string argument = std::string(name) + ": ";
  require(values.cols() == space.size(), argument + std::to_string(values.cols()) + " columns, expected " +
                                             std::to_string(space.size()) + " (one per dimension)");
  Eigen::MatrixXd out(values.rows(), values.cols());
  for (Eigen::Index c = 0; c < values.cols(); ++c) {
    const Dimension& d = space.dimension(c);
    const bool check_choice = choice_indices && d.kind == DimensionKind::kCategorical;
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
      const double v = values(r, c);
      const bool nan = std::isnan(v);
      const bool not_a_choice = check_choice && !(v >= 0.0 && v <= d.n_choices - 1.0 && v == std::floor(v));
      if (nan || not_a_choice) {
        const std::string where = argument + "row " + std::to_string(r) + ", column " + std::to_string(c);
        require(!nan, where + " is NaN");
        require(false, where + " holds " + std::to_string(v) + ", not the index of one of its " +
                           std::to_string(d.n_choices) + " choices");
      }
      out(r, c) = element(c, v);
    }
  }
  return out;
}

}  // namespace

Eigen::MatrixXd SearchSpace::to_coordinates(const Eigen::MatrixXd& native) const {
  return map_entries(*this, native, "native", true, [this](Eigen::Index c, double v) { return to_coordinate(c, v); });
}

Eigen::MatrixXd SearchSpace::to_natives(const Eigen::MatrixXd& coordinates) const {
  return map_entries(*this, coordinates, "coordinates", false,
                     [this](Eigen::Index c, double v) { return to_native(c, v); });
}

Eigen::MatrixXd SearchSpace::snap(const Eigen::MatrixXd& coordinates) const {
  return map_entries(*this, coordinates, "coordinates", false, [this](Eigen::Index c, double v) { return snap(c, v); });
}

Eigen::MatrixXd SearchSpace::to_grid_indices(const Eigen::MatrixXd& coordinates) const {
  return map_entries(*this, coordinates, "coordinates", false, [this](Eigen::Index c, double v) {
    return dimension(c).kind == DimensionKind::kGrid ? grid_index(c, v) : to_native(c, v);
  });
}

Eigen::MatrixXd SearchSpace::from_grid_indices(const Eigen::MatrixXd& indices) const {
  return map_entries(*this, indices, "indices", true, [this](Eigen::Index c, double v) {
    return dimension(c).kind == DimensionKind::kGrid ? index_coordinate(c, v) : to_coordinate(c, v);
  });
}

Eigen::MatrixXd SearchSpace::from_unit_cube(const Eigen::MatrixXd& unit) const {
  return map_entries(*this, unit, "unit", false, [this](Eigen::Index c, double v) {
    const double u = std::clamp(v, 0.0, std::nextafter(1.0, 0.0));
    return is_categorical(c) ? std::floor(u * dimension(c).n_choices) : snap(c, u);
  });
}

std::vector<bool> SearchSpace::categorical_mask() const {
  std::vector<bool> mask(dimensions_.size());
  for (size_t i = 0; i < dimensions_.size(); ++i) mask[i] = dimensions_[i].kind == DimensionKind::kCategorical;
  return mask;
}

}  // namespace gfo
