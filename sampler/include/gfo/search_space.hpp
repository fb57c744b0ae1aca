#pragma once
// The numeric encoding shared by every sampler of the core.
//
// Native values are Optuna's internal representation (a float for float/int distributions, the
// index of the choice for categoricals). Core coordinates are what the models work on:
//   continuous dims: [0, 1] after an optional log transform;
//   grid dims (integer or stepped floats): [0, 1] too, each grid point owning a cell of equal width
//     (in log space for log-scaled integers), with the point at the centre of its cell;
//   categorical dims: the index of the choice.

#include <Eigen/Core>
#include <vector>

namespace gfo {

enum class DimensionKind { kContinuous, kGrid, kCategorical };

struct Dimension {
  DimensionKind kind = DimensionKind::kContinuous;
  double low = 0.0;
  double high = 1.0;
  double step = 0.0;  // grid spacing in native units; only for kGrid
  bool log = false;
  int n_choices = 0;  // only for kCategorical

  static Dimension continuous(double low, double high, bool log);
  static Dimension grid(double low, double high, double step, bool log);
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
  // Number of admissible values of a grid or categorical dim.
  long long n_values(Eigen::Index i) const;
  // Coordinate of the k-th admissible value of a grid or categorical dim.
  double value_coordinate(Eigen::Index i, long long k) const;
  // Index of the admissible value nearest to a coordinate of a grid or categorical dim.
  long long value_index(Eigen::Index i, double coordinate) const;

  double to_coordinate(Eigen::Index i, double native) const;
  double to_native(Eigen::Index i, double coordinate) const;
  // The admissible coordinate nearest to `coordinate` (clamped, on grid, a valid index).
  double snap(Eigen::Index i, double coordinate) const;

  // Row-wise versions: one point per row.
  Eigen::MatrixXd to_coordinates(const Eigen::MatrixXd& native) const;
  Eigen::MatrixXd to_natives(const Eigen::MatrixXd& coordinates) const;
  Eigen::MatrixXd snap(const Eigen::MatrixXd& coordinates) const;
  // Maps points of the unit cube [0, 1)^d (random or Sobol) to admissible coordinates: uniformly
  // over continuous ranges (in log space for log dims), linear grids and sets of choices; log
  // grids get each value with the probability of its cell in log space, as Optuna does.
  Eigen::MatrixXd from_unit_cube(const Eigen::MatrixXd& unit) const;

  std::vector<bool> categorical_mask() const;

 private:
  double transform(const Dimension& d, double native) const;
  double inverse_transform(const Dimension& d, double transformed) const;
  double padded_low(const Dimension& d) const;
  double padded_high(const Dimension& d) const;

  std::vector<Dimension> dimensions_;
};

}  // namespace gfo
