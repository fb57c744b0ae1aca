#include "sor_solver.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace sor_example {
namespace {

// The unknowns with a ring of boundary zeros around them: (n + 2) x (n + 2), row-major.
class Grid {
 public:
  explicit Grid(const int n) : n_(n), values_(static_cast<std::size_t>((n + 2) * (n + 2)), 0.0) {}
  int n() const { return n_; }
  double& at(const int i, const int j) { return values_[index(i, j)]; }
  double at(const int i, const int j) const { return values_[index(i, j)]; }

 private:
  std::size_t index(const int i, const int j) const {
    return static_cast<std::size_t>(i * (n_ + 2) + j);
  }
  int n_;
  std::vector<double> values_;
};

// One SOR update of point (i, j) for -laplace(u) = 1 with mesh width h.
void relax(Grid& u, const int i, const int j, const double omega, const double h2) {
  const double gauss_seidel =
      0.25 * (u.at(i - 1, j) + u.at(i + 1, j) + u.at(i, j - 1) + u.at(i, j + 1) + h2);
  u.at(i, j) += omega * (gauss_seidel - u.at(i, j));
}

void sweep(Grid& u, const SorSettings& settings, const double h2) {
  const int n = u.n();
  switch (settings.ordering) {
    case Ordering::kLexicographic:
      for (int i = 1; i <= n; ++i)
        for (int j = 1; j <= n; ++j) relax(u, i, j, settings.omega, h2);
      break;
    case Ordering::kRedBlack:
      for (int color = 0; color < 2; ++color)
        for (int i = 1; i <= n; ++i)
          for (int j = 1 + (i + color + 1) % 2; j <= n; j += 2) relax(u, i, j, settings.omega, h2);
      break;
    case Ordering::kSymmetric:
      for (int i = 1; i <= n; ++i)
        for (int j = 1; j <= n; ++j) relax(u, i, j, settings.omega, h2);
      for (int i = n; i >= 1; --i)
        for (int j = n; j >= 1; --j) relax(u, i, j, settings.omega, h2);
      break;
  }
}

// ||f + laplace_h(u)||_2 / ||f||_2 with f = 1.
double relative_residual(const Grid& u, const double h2) {
  const int n = u.n();
  double sum = 0.0;
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= n; ++j) {
      const double laplace =
          (u.at(i - 1, j) + u.at(i + 1, j) + u.at(i, j - 1) + u.at(i, j + 1) - 4.0 * u.at(i, j)) /
          h2;
      sum += (1.0 + laplace) * (1.0 + laplace);
    }
  }
  return std::sqrt(sum) / n;
}

}  // namespace

SorResult solve_poisson_sor(const int n, const SorSettings& settings, const double tolerance,
                            const std::int64_t max_sweeps) {
  if (n < 1) throw std::invalid_argument("n must be >= 1");
  if (settings.check_every < 1) throw std::invalid_argument("check_every must be >= 1");
  const double h = 1.0 / (n + 1);
  const double h2 = h * h;
  const std::int64_t sweeps_per_pass = settings.ordering == Ordering::kSymmetric ? 2 : 1;
  Grid u(n);
  SorResult result;
  while (result.sweeps < max_sweeps) {
    sweep(u, settings, h2);
    result.sweeps += sweeps_per_pass;
    if (result.sweeps % (settings.check_every * sweeps_per_pass) != 0 && result.sweeps < max_sweeps)
      continue;
    ++result.residual_checks;
    result.relative_residual = relative_residual(u, h2);
    if (!std::isfinite(result.relative_residual)) break;
    if (result.relative_residual < tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

}  // namespace sor_example
