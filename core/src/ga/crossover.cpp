#include "gfo/ga/crossover.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>
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

// Parents closer than this (on the unit scale) have no spread to scale: SBX copies them.
constexpr double kSbxMinDistance = 1e-14;

// Bounded SBX (Deb and Agrawal 1995; the bounded form of Deb's NSGA-II code). A child at
// distance beta * d / 2 from the parents' mean, d the parents' distance, has the spread factor
// beta, of density (eta + 1) / 2 * beta^eta on [0, 1] and (eta + 1) / 2 * beta^-(eta + 2) beyond,
// so of CDF F(beta) = beta^(eta + 1) / 2 on [0, 1] and 1 - beta^-(eta + 1) / 2 beyond. Unbounded
// SBX then clips the child, which puts the mass F beyond the bound onto the bound. Here the
// distribution is truncated at beta_max, where the child reaches the bound (beta_max >= 1: the
// parents are inside): beta = F^-1(u F(beta_max)) with u uniform on [0, 1), so no child is
// beyond the bound and none is on it.
double bounded_spread(double beta_max, double eta, double u) {
  const double exponent = 1.0 / (eta + 1.0);
  const double p = u * (1.0 - 0.5 * std::pow(beta_max, -(eta + 1.0)));
  return p <= 0.5 ? std::pow(2.0 * p, exponent) : std::pow(0.5 / (1.0 - p), exponent);
}

// Both children of one real gene with parents `x` and `y` in [0, 1]: the lower one with its
// spread truncated at the bound 0, the upper one at the bound 1. Like Deb's code, one uniform
// number drives both, so near the middle of the range they stay symmetric about the mean.
std::pair<double, double> bounded_sbx_gene(double x, double y, double eta, Rng& rng) {
  const double u = uniform01(rng);
  const double low = std::min(x, y);
  const double high = std::max(x, y);
  const double distance = high - low;
  if (distance < kSbxMinDistance) return {x, y};
  const double mean = 0.5 * (low + high);
  const double lower_spread = bounded_spread(1.0 + 2.0 * low / distance, eta, u);
  const double upper_spread = bounded_spread(1.0 + 2.0 * (1.0 - high) / distance, eta, u);
  // The clamps only catch rounding: the truncated spreads keep both children inside.
  return {std::clamp(mean - 0.5 * lower_spread * distance, 0.0, 1.0),
          std::clamp(mean + 0.5 * upper_spread * distance, 0.0, 1.0)};
}

}  // namespace

Eigen::VectorXd single_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                       Rng& rng) {
  return multi_point_crossover(space, a, b, 1, rng);
}

Eigen::VectorXd multi_point_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                      int n_crossover_points, Rng& rng) {
  require_parents(space, a, b);
  if (n_crossover_points < 1) throw std::invalid_argument("n_crossover_points must be >= 1");
  // Cut positions 1 .. d-1; with a single gene there is nothing to cut: copy a parent.
  std::vector<Eigen::Index> positions(static_cast<size_t>(std::max<Eigen::Index>(a.size() - 1, 0)));
  std::iota(positions.begin(), positions.end(), 1);
  if (positions.empty()) return admissible(space, uniform01(rng) < 0.5 ? a : b);
  shuffle_prefix(positions, static_cast<size_t>(n_crossover_points), rng);
  positions.resize(std::min(positions.size(), static_cast<size_t>(n_crossover_points)));
  std::sort(positions.begin(), positions.end());
  // Which parent leads is random too, so that both parents' heads and tails are reachable.
  return admissible(space,
                    uniform01(rng) < 0.5 ? alternate_segments(a, b, positions) : alternate_segments(b, a, positions));
}

Eigen::VectorXd uniform_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                  Rng& rng) {
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
  // The bounded spread needs parents inside [0, 1] (admissible parents are their own snap).
  Eigen::VectorXd first = admissible(space, a);
  Eigen::VectorXd second = admissible(space, b);
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    if (is_real_coded(space, j)) std::tie(first(j), second(j)) = bounded_sbx_gene(first(j), second(j), eta, rng);
    if (uniform01(rng) < 0.5) std::swap(first(j), second(j));
  }
  return {admissible(space, first), admissible(space, second)};
}

Eigen::VectorXd sbx_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b, double eta,
                              Rng& rng) {
  auto [first, second] = sbx_pair(space, a, b, eta, rng);
  return uniform01(rng) < 0.5 ? first : second;
}

Eigen::VectorXd blx_alpha_crossover(const SearchSpace& space, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                                    double alpha, Rng& rng) {
  require_parents(space, a, b);
  if (!(alpha >= 0.0)) throw std::invalid_argument("blx_alpha must be >= 0");
  // The cut interval needs parents inside [0, 1] (admissible parents are their own snap).
  const Eigen::VectorXd x = admissible(space, a);
  const Eigen::VectorXd y = admissible(space, b);
  Eigen::VectorXd child = x;
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    if (!is_real_coded(space, j)) {
      if (uniform01(rng) < 0.5) child(j) = y(j);
      continue;
    }
    // Uniform on the widened interval cut to [0, 1]: the distribution of BLX-alpha redrawn until
    // the child is inside, drawn in one step. Reflecting instead would fold the part beyond a
    // bound onto the strip next to it, doubling the density there; clipping put it all on the
    // bound itself.
    const double width = std::abs(x(j) - y(j));
    const double low = std::max(0.0, std::min(x(j), y(j)) - alpha * width);
    const double high = std::min(1.0, std::max(x(j), y(j)) + alpha * width);
    child(j) = low + uniform01(rng) * (high - low);
  }
  return admissible(space, child);
}

}  // namespace gfo::ga
