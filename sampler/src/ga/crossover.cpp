#include "gfo/ga/crossover.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace gfo::ga {
namespace {

void require_parents(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != space.size() || b.size() != space.size())
    throw std::invalid_argument("parents: expected one gene per dimension");
}

// Real-coded operators act on the coordinates of continuous and grid genes.
bool is_real_coded(const SearchSpace& space, Eigen::Index j) { return !space.is_categorical(j); }

Eigen::VectorXd admissible(const SearchSpace& space, const Eigen::VectorXd& genes) {
  return space.snap(Eigen::MatrixXd(genes.transpose())).row(0).transpose();
}

// Genes [0, cut_1) from `a`, [cut_1, cut_2) from `b`, and so on.
Eigen::VectorXd alternate_segments(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                   const std::vector<Eigen::Index>& cuts) {
  Eigen::VectorXd child = a;
  bool from_b = false;
  size_t next_cut = 0;
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    while (next_cut < cuts.size() && cuts[next_cut] == j) {
      from_b = !from_b;
      ++next_cut;
    }
    if (from_b) child(j) = b(j);
  }
  return child;
}

double sbx_spread(double eta, Rng& rng) {
  const double u = uniform01(rng);
  const double exponent = 1.0 / (eta + 1.0);
  return u <= 0.5 ? std::pow(2.0 * u, exponent) : std::pow(1.0 / (2.0 * (1.0 - u)), exponent);
}

}  // namespace

Eigen::VectorXd single_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a,
                                       const Eigen::VectorXd& b, Rng& rng) {
  return multi_point_crossover(space, a, b, 1, rng);
}

Eigen::VectorXd multi_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a,
                                      const Eigen::VectorXd& b, int n_points, Rng& rng) {
  require_parents(space, a, b);
  if (n_points < 1) throw std::invalid_argument("n_points must be >= 1");
  // Cut positions 1 .. d-1; with a single gene there is nothing to cut: copy a parent.
  std::vector<Eigen::Index> positions(static_cast<size_t>(std::max<Eigen::Index>(a.size() - 1, 0)));
  std::iota(positions.begin(), positions.end(), 1);
  if (positions.empty()) return admissible(space, uniform01(rng) < 0.5 ? a : b);
  std::shuffle(positions.begin(), positions.end(), rng);
  positions.resize(std::min(positions.size(), static_cast<size_t>(n_points)));
  std::sort(positions.begin(), positions.end());
  // Which parent leads is random too, so that both parents' heads and tails are reachable.
  return admissible(space, uniform01(rng) < 0.5 ? alternate_segments(a, b, positions)
                                                : alternate_segments(b, a, positions));
}

Eigen::VectorXd uniform_crossover(const SearchSpace& space, const Eigen::VectorXd& a,
                                  const Eigen::VectorXd& b, Rng& rng) {
  require_parents(space, a, b);
  Eigen::VectorXd child = a;
  for (Eigen::Index j = 0; j < a.size(); ++j)
    if (uniform01(rng) < 0.5) child(j) = b(j);
  return admissible(space, child);
}

std::pair<Eigen::VectorXd, Eigen::VectorXd> sbx_pair(const SearchSpace& space, const Eigen::VectorXd& a,
                                                     const Eigen::VectorXd& b, double eta, Rng& rng) {
  require_parents(space, a, b);
  if (!(eta > 0.0)) throw std::invalid_argument("sbx_eta must be > 0");
  Eigen::VectorXd first = a;
  Eigen::VectorXd second = b;
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    if (is_real_coded(space, j)) {
      const double spread = sbx_spread(eta, rng);
      first(j) = 0.5 * ((1.0 + spread) * a(j) + (1.0 - spread) * b(j));
      second(j) = 0.5 * ((1.0 - spread) * a(j) + (1.0 + spread) * b(j));
    }
    if (uniform01(rng) < 0.5) std::swap(first(j), second(j));
  }
  return {admissible(space, first), admissible(space, second)};
}

Eigen::VectorXd sbx_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                              double eta, Rng& rng) {
  auto [first, second] = sbx_pair(space, a, b, eta, rng);
  return uniform01(rng) < 0.5 ? first : second;
}

Eigen::VectorXd blx_alpha_crossover(const SearchSpace& space, const Eigen::VectorXd& a,
                                    const Eigen::VectorXd& b, double alpha, Rng& rng) {
  require_parents(space, a, b);
  if (!(alpha >= 0.0)) throw std::invalid_argument("blx_alpha must be >= 0");
  Eigen::VectorXd child = a;
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    if (!is_real_coded(space, j)) {
      if (uniform01(rng) < 0.5) child(j) = b(j);
      continue;
    }
    const double low = std::min(a(j), b(j));
    const double width = std::abs(a(j) - b(j));
    child(j) = low - alpha * width + uniform01(rng) * (1.0 + 2.0 * alpha) * width;
  }
  return admissible(space, child);
}

}  // namespace gfo::ga
