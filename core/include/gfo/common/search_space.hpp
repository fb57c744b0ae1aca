#pragma once
// The numeric encoding shared by every sampler of the core.
//
// Native values are Optuna's internal representation (a float for float/int distributions, the
// index of the choice for categoricals). Core coordinates are what the models work on:
//   continuous dims: [0, 1] after an optional log transform;
//   grid dims (integer or stepped floats): [0, 1] too, each grid point owning a cell of equal width
//     (in log space for log-scaled integers), with the point at the centre of its cell;
//   categorical dims: the index of the choice.
//
// Huge grids. A grid with more than kMaxGridValues values (an int over the whole int64 range, a
// log int up to 1e18, a float with step 2**-60) has more points than a double in [0, 1] tells
// apart. The models then work on a proxy lattice: kProxyIntervals + 1 evenly spaced coordinates
// j / kProxyIntervals (dyadic, so a coordinate and its index j convert exactly both ways), whose
// values are the grid values nearest to them; n_values, value_coordinate and value_index (and the
// GP's discrete search and the GA's integer mutation built on them) count proxy indices. A value
// of the true grid is named by its index k (value low + k step): grid_index and index_coordinate
// convert between coordinates and k, which callers with exact integers (the Python plugin) turn
// into exact values themselves: native doubles cannot name integers beyond 2**53.

#include <Eigen/Core>
#include <vector>

namespace gfo {

// Grids with more values get the proxy lattice (see above).
inline constexpr long long kMaxGridValues = 1LL << 52;
inline constexpr long long kProxyIntervals = 1LL << 51;

enum class DimensionKind { kContinuous, kGrid, kCategorical };

struct Dimension {
  DimensionKind kind = DimensionKind::kContinuous;
  double low = 0.0;
  double high = 1.0;
  double step = 0.0;  // grid spacing in native units; only for kGrid
  // Number of steps from low to high; only for kGrid. A double: exact below 2**53, which is all
  // the encoding needs, and it holds the 2**64 - 1 steps of the whole int64 range.
  double n_intervals = 0.0;
  bool log = false;
  int n_choices = 0;  // only for kCategorical

  static Dimension continuous(double low, double high, bool log);
  // n_intervals = round((high - low) / step).
  static Dimension grid(double low, double high, double step, bool log);
  // n_intervals counted exactly by the caller: low and high as doubles are rounded for integers
  // beyond 2**53, so (high - low) / step may miscount ([2**62, 2**62 + 999] step 3 has 333 steps).
  static Dimension grid(double low, double high, double step, bool log, double n_intervals);
  static Dimension categorical(int n_choices);
};

class SearchSpace {
 public:
  // Throws std::invalid_argument on an inconsistent dimension (low > high, step <= 0, ...).
  explicit SearchSpace(std::vector<Dimension> dimensions);

  Eigen::Index size() const { return static_cast<Eigen::Index>(dimensions_.size()); }
  const Dimension& dimension(Eigen::Index i) const { return dimensions_[static_cast<size_t>(i)]; }
  bool is_categorical(Eigen::Index i) const;
  // True where a coordinate moves continuously (the gradient-based optimizer acts on these).
  bool is_continuous(Eigen::Index i) const;
  // Whether a grid dim has more than kMaxGridValues values and is encoded on the proxy lattice.
  bool is_proxy_grid(Eigen::Index i) const;
  // Number of admissible values of a grid or categorical dim (on the proxy lattice: of proxy values).
  long long n_values(Eigen::Index i) const;
  // Coordinate of the k-th admissible value of a grid or categorical dim.
  double value_coordinate(Eigen::Index i, long long k) const;
  // Index of the admissible value nearest to a coordinate of a grid or categorical dim.
  long long value_index(Eigen::Index i, double coordinate) const;

  // Index k in the true grid (value low + k step) of the value of a grid dim's coordinate: the
  // snapped coordinate's value. An integer-valued double in [0, n_intervals]; exact below 2**53.
  double grid_index(Eigen::Index i, double coordinate) const;
  // The admissible coordinate of the grid value low + k step (k clamped to [0, n_intervals]).
  double index_coordinate(Eigen::Index i, double k) const;

  // A grid dim's native value maps to the coordinate of the grid value nearest to it.
  double to_coordinate(Eigen::Index i, double native) const;
  double to_native(Eigen::Index i, double coordinate) const;
  // The admissible coordinate nearest to `coordinate` (clamped, on grid, a valid index).
  double snap(Eigen::Index i, double coordinate) const;

  // Row-wise versions: one point per row, one column per dimension. They throw
  // std::invalid_argument naming the argument, row and column of a NaN entry, and (natives and
  // grid indices) of a categorical entry that is not the index of a choice; infinite entries of
  // other kinds are clamped like any value out of range.
  Eigen::MatrixXd to_coordinates(const Eigen::MatrixXd& native) const;
  Eigen::MatrixXd to_natives(const Eigen::MatrixXd& coordinates) const;
  Eigen::MatrixXd snap(const Eigen::MatrixXd& coordinates) const;
  // Like to_natives and to_coordinates, but grid dims hold their index k (grid_index,
  // index_coordinate) rather than their value.
  Eigen::MatrixXd to_grid_indices(const Eigen::MatrixXd& coordinates) const;
  Eigen::MatrixXd from_grid_indices(const Eigen::MatrixXd& indices) const;
  // Maps points of the unit cube [0, 1)^d (random or Sobol) to admissible coordinates: uniformly
  // over continuous ranges (in log space for log dims), linear grids and sets of choices; log
  // grids get each value with the probability of its cell in log space, as Optuna does.
  Eigen::MatrixXd from_unit_cube(const Eigen::MatrixXd& unit) const;

  std::vector<bool> categorical_mask() const;

 private:
  std::vector<Dimension> dimensions_;
};

}  // namespace gfo
