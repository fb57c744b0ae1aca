#include "gfo/gp/acq_optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "gfo/common/lbfgs.hpp"
#include "gfo/common/parallel.hpp"
#include "gfo/common/sobol.hpp"

namespace gfo::gp {
namespace {

constexpr double kExcludedValue = -std::numeric_limits<double>::infinity();
// Sobol candidates scored at once: 4096 x d coordinates at most in memory whatever n_candidates
// (the default 512 are one block), and a cancellation point per block.
constexpr Eigen::Index kCandidateBlock = 4096;
// Candidates scored per task of the optimizer's threads. A fixed size, not one per thread, so
// that the values (and so the ties) do not depend on the number of threads.
constexpr Eigen::Index kScoringChunk = 256;

// A candidate for a local search; `order` (its place among all candidates) breaks ties.
struct Candidate {
  Eigen::VectorXd point;
  double value = 0.0;
  Eigen::Index order = 0;
};

bool better(const Candidate& a, const Candidate& b) {
  return a.value > b.value || (a.value == b.value && a.order < b.order);
}

// options.n_perturbed_candidates points around `centres` (taken in turn), snapped.
Eigen::MatrixXd perturbed(const SearchSpace& space, const Eigen::MatrixXd& centres, const AcqOptimizerOptions& options,
                          std::uint64_t seed) {
  // A stream of its own: the Sobol candidates' shift comes from `seed` itself.
  boost::random::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  boost::random::normal_distribution<double> step(0.0, options.perturbation_scale);
  Eigen::MatrixXd points(options.n_perturbed_candidates, space.size());
  for (Eigen::Index r = 0; r < points.rows(); ++r) {
    points.row(r) = centres.row(r % centres.rows());
    for (Eigen::Index j = 0; j < space.size(); ++j)
      if (!space.is_categorical(j)) points(r, j) = std::clamp(points(r, j) + step(rng), 0.0, 1.0);
  }
  return space.snap(points);
}

// The `count` best candidates that are not excluded, best first: the Sobol points, then the
// starting points.
std::vector<Candidate> best_candidates(const AcquisitionFunction& acquisition, const SearchSpace& space,
                                       const Eigen::MatrixXd& starting_points, const AcqOptimizerOptions& options,
                                       std::uint64_t seed, const ExcludedPoints& excluded, Eigen::Index count) {
  std::vector<Candidate> best;
  Eigen::Index order = 0;
  const auto score = [&](const Eigen::MatrixXd& block) {
    std::vector<Eigen::Index> kept;
    for (Eigen::Index r = 0; r < block.rows(); ++r)
      if (excluded.empty() || !excluded.contains(block.row(r).transpose())) kept.push_back(r);
    order += block.rows();
    if (kept.empty()) return;
    const Eigen::MatrixXd rows = block(kept, Eigen::all);
    const Eigen::Index first_order = order - block.rows();
    // Scored in chunks on the optimizer's threads: the block's best are among the chunks' best.
    const Eigen::Index chunk = kScoringChunk;
    std::vector<std::vector<ScoredRow>> chunk_best(static_cast<size_t>((rows.rows() + chunk - 1) / chunk));
    parallel_for(chunk_best.size(), options.n_threads, [&](std::size_t c) {
      const Eigen::Index first = static_cast<Eigen::Index>(c) * chunk;
      chunk_best[c] = acquisition.best_rows(rows.middleRows(first, std::min(chunk, rows.rows() - first)), count);
      for (ScoredRow& scored : chunk_best[c]) scored.row += first;
    });
    for (const std::vector<ScoredRow>& scored_rows : chunk_best)
      for (const ScoredRow& scored : scored_rows)
        best.push_back(
            {rows.row(scored.row).transpose(), scored.value, first_order + kept[static_cast<size_t>(scored.row)]});
    std::sort(best.begin(), best.end(), better);
    best.resize(std::min(best.size(), static_cast<size_t>(count)));
  };
  const ShiftedSobol sobol(space.size(), seed);
  for (Eigen::Index first = 0; first < options.n_candidates; first += kCandidateBlock) {
    throw_if_cancelled(options.cancelled);
    const Eigen::Index size = std::min<Eigen::Index>(kCandidateBlock, options.n_candidates - first);
    score(space.from_unit_cube(sobol.points(static_cast<std::uint64_t>(first), size)));
  }
  if (starting_points.rows() > 0) {
    const Eigen::MatrixXd snapped = space.snap(starting_points);
    score(snapped);
    if (options.n_perturbed_candidates > 0) score(perturbed(space, snapped, options, seed));
  }
  return best;
}

// Moves the continuous coordinates of `point` by L-BFGS with the others held fixed. An excluded
// point is infinitely bad to the line search, so the best point visited is never one.
void refine_continuous(const AcquisitionFunction& acquisition, const std::vector<Eigen::Index>& dims,
                       const AcqOptimizerOptions& options, const ExcludedPoints& excluded, Eigen::VectorXd& point,
                       double& value) {
  const auto n = static_cast<Eigen::Index>(dims.size());
  Eigen::VectorXd start(n);
  for (Eigen::Index k = 0; k < n; ++k) start(k) = point(dims[static_cast<size_t>(k)]);
  Eigen::VectorXd full = point;
  Eigen::VectorXd full_gradient;
  const DifferentiableFunction negative = [&](const Eigen::VectorXd& sub, Eigen::VectorXd& gradient) {
    for (Eigen::Index k = 0; k < n; ++k) full(dims[static_cast<size_t>(k)]) = sub(k);
    const double v = acquisition.evaluate_with_gradient(full, full_gradient);
    gradient.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) gradient(k) = -full_gradient(dims[static_cast<size_t>(k)]);
    return excluded.contains(full) ? std::numeric_limits<double>::infinity() : -v;
  };
  const MinimizeResult result =
      minimize_in_box(negative, start, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Ones(n),
                      options.max_lbfgs_evaluations, options.lbfgs_relative_tolerance, options.cancelled);
  if (std::isfinite(result.value) && -result.value > value) {
    value = -result.value;
    for (Eigen::Index k = 0; k < n; ++k) point(dims[static_cast<size_t>(k)]) = result.x(k);
  }
}

// Indices in [lo, hi] to try: all of them when there are at most max_values, else the values
// nearest to max_values coordinates evenly spaced between those of lo and hi (the ends included).
// Spacing by coordinate rather than by index puts a log grid's tries evenly in log space.
std::vector<long long> values_to_try(const SearchSpace& space, Eigen::Index dim, long long lo, long long hi,
                                     int max_values) {
  std::vector<long long> indices;
  if (hi - lo + 1 <= max_values) {
    indices.resize(static_cast<size_t>(hi - lo + 1));
    std::iota(indices.begin(), indices.end(), lo);
    return indices;
  }
  const double from = space.value_coordinate(dim, lo);
  const double to = space.value_coordinate(dim, hi);
  indices.push_back(lo);
  for (int k = 1; k < max_values - 1; ++k) {
    const double coordinate = from + (to - from) * static_cast<double>(k) / static_cast<double>(max_values - 1);
    indices.push_back(std::clamp(space.value_index(dim, coordinate), lo, hi));
  }
  indices.push_back(hi);
  return indices;
}

// Scores `point` with dim set to each of `indices`; moves there when one beats `value`.
// Returns the position of the best index (or -1 when none beat it).
Eigen::Index try_values(const AcquisitionFunction& acquisition, const SearchSpace& space, Eigen::Index dim,
                        const std::vector<long long>& indices, const ExcludedPoints& excluded, Eigen::VectorXd& point,
                        double& value) {
  Eigen::MatrixXd trials = point.transpose().replicate(static_cast<Eigen::Index>(indices.size()), 1);
  for (size_t k = 0; k < indices.size(); ++k)
    trials(static_cast<Eigen::Index>(k), dim) = space.value_coordinate(dim, indices[k]);
  Eigen::VectorXd values = acquisition.evaluate(trials);
  if (!excluded.empty())
    for (Eigen::Index k = 0; k < trials.rows(); ++k)
      if (excluded.contains(trials.row(k).transpose())) values(k) = kExcludedValue;
  Eigen::Index best = 0;
  values.maxCoeff(&best);
  if (!(values(best) > value)) return -1;
  value = values(best);
  point(dim) = trials(best, dim);
  return best;
}

// Tries every value of one discrete coordinate. A categorical dim's choices have no order: all
// of them are scored in one batch (a few thousand rows cost what one GP prediction does). A grid
// with more values than max_exhaustive_values is searched coarse to fine: evenly spaced values
// and the current value's neighbours, then the values strictly between the tried ones next to
// the best, likewise, until a range is tried whole. Neighbour moves alone (a few steps per round)
// cannot reach an optimum between two of the evenly spaced values from every start.
void refine_discrete(const AcquisitionFunction& acquisition, const SearchSpace& space, Eigen::Index dim,
                     const AcqOptimizerOptions& options, const ExcludedPoints& excluded, Eigen::VectorXd& point,
                     double& value) {
  throw_if_cancelled(options.cancelled);
  const long long n = space.n_values(dim);
  if (space.is_categorical(dim)) {
    std::vector<long long> all(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0LL);
    try_values(acquisition, space, dim, all, excluded, point, value);
    return;
  }
  // With at least 5 values per range (both ends and three inside) each range is at most about
  // half the last one.
  const int max_values = std::max(options.max_exhaustive_values, 5);
  long long current = space.value_index(dim, point(dim));
  long long lo = 0;
  long long hi = n - 1;
  for (bool first = true;; first = false) {
    if (!first) throw_if_cancelled(options.cancelled);
    const std::vector<long long> subset = values_to_try(space, dim, lo, hi, max_values);
    std::set<long long> chosen(subset.begin(), subset.end());
    const bool whole_range = static_cast<long long>(chosen.size()) == hi - lo + 1;
    if (first) {
      for (long long offset = -2; offset <= 2; ++offset)
        if (current + offset >= 0 && current + offset < n) chosen.insert(current + offset);
    }
    const std::vector<long long> indices(chosen.begin(), chosen.end());
    const Eigen::Index best = try_values(acquisition, space, dim, indices, excluded, point, value);
    if (best >= 0) current = indices[static_cast<size_t>(best)];
    if (whole_range) return;
    chosen.insert(current);
    const auto at = chosen.find(current);
    lo = at == chosen.begin() ? current : *std::prev(at) + 1;
    hi = std::next(at) == chosen.end() ? current : *std::next(at) - 1;
  }
}

}  // namespace

ExcludedPoints::ExcludedPoints(const SearchSpace& space, const Eigen::MatrixXd& points, double tolerance)
    : space_(space),
      points_(points.rows() > 0 ? space.snap(points) : Eigen::MatrixXd(0, space.size())),
      keys_(points_.rows(), space.size()),
      tolerance_(tolerance) {
  for (Eigen::Index r = 0; r < points_.rows(); ++r) keys_.row(r) = keys_of(points_.row(r));
  for (Eigen::Index j = 0; j < space.size() && first_continuous_ < 0; ++j)
    if (space.is_continuous(j)) first_continuous_ = j;
  order_.resize(static_cast<std::size_t>(points_.rows()));
  std::iota(order_.begin(), order_.end(), Eigen::Index{0});
  std::sort(order_.begin(), order_.end(), [&](Eigen::Index a, Eigen::Index b) {
    return compare(a, keys_.row(b), first_continuous_ < 0 ? 0.0 : points_(b, first_continuous_)) < 0;
  });
}

int ExcludedPoints::compare(Eigen::Index r, const Eigen::Ref<const KeyRow>& keys, double coordinate) const {
  for (Eigen::Index j = 0; j < keys.size(); ++j)
    if (keys_(r, j) != keys(j)) return keys_(r, j) < keys(j) ? -1 : 1;
  const double own = first_continuous_ < 0 ? 0.0 : points_(r, first_continuous_);
  return own < coordinate ? -1 : own > coordinate ? 1 : 0;
}

ExcludedPoints::KeyRow ExcludedPoints::keys_of(const Eigen::Ref<const Eigen::RowVectorXd>& point) const {
  KeyRow keys = KeyRow::Zero(point.size());
  for (Eigen::Index j = 0; j < point.size(); ++j)
    if (space_.dimension(j).kind != DimensionKind::kContinuous) keys(j) = space_.value_index(j, point(j));
  return keys;
}

bool ExcludedPoints::same(Eigen::Index r, const Eigen::Ref<const Eigen::RowVectorXd>& point, const KeyRow& keys) const {
  if (keys_.row(r) != keys) return false;
  for (Eigen::Index j = 0; j < point.size(); ++j)
    if (space_.is_continuous(j) && std::abs(points_(r, j) - point(j)) > tolerance_) return false;
  return true;
}

bool ExcludedPoints::contains(const Eigen::VectorXd& point) const {
  if (points_.rows() == 0) return false;  // most searches exclude nothing: no keys to compute
  const KeyRow keys = keys_of(point.transpose());
  const double coordinate = first_continuous_ < 0 ? 0.0 : point(first_continuous_);
  const double tolerance = first_continuous_ < 0 ? 0.0 : tolerance_;
  auto it = std::lower_bound(order_.begin(), order_.end(), coordinate - tolerance,
                             [&](Eigen::Index r, double low) { return compare(r, keys, low) < 0; });
  for (; it != order_.end() && compare(*it, keys, coordinate + tolerance) <= 0; ++it)
    if (same(*it, point.transpose(), keys)) return true;
  return false;
}

Eigen::Index ExcludedPoints::n_distinct() const {
  bool any_continuous = false;
  for (Eigen::Index j = 0; j < space_.size(); ++j) any_continuous = any_continuous || space_.is_continuous(j);
  if (!any_continuous) {  // the keys decide: sort them
    std::vector<std::vector<long long>> rows;
    rows.reserve(static_cast<std::size_t>(keys_.rows()));
    for (Eigen::Index r = 0; r < keys_.rows(); ++r) rows.emplace_back(keys_.row(r).begin(), keys_.row(r).end());
    std::sort(rows.begin(), rows.end());
    return static_cast<Eigen::Index>(std::distance(rows.begin(), std::unique(rows.begin(), rows.end())));
  }
  Eigen::Index count = 0;
  for (Eigen::Index r = 0; r < points_.rows(); ++r) {
    bool seen = false;
    for (Eigen::Index s = 0; s < r && !seen; ++s) seen = same(s, points_.row(r), keys_.row(r));
    if (!seen) ++count;
  }
  return count;
}

AcqOptimum maximize_acquisition(const AcquisitionFunction& acquisition, const SearchSpace& space,
                                const Eigen::MatrixXd& starting_points, const AcqOptimizerOptions& options,
                                std::uint64_t seed) {
  return maximize_acquisition(acquisition, space, starting_points, options, seed,
                              ExcludedPoints(space, Eigen::MatrixXd(0, space.size()), 0.0));
}

AcqOptimum maximize_acquisition(const AcquisitionFunction& acquisition, const SearchSpace& space,
                                const Eigen::MatrixXd& starting_points, const AcqOptimizerOptions& options,
                                std::uint64_t seed, const ExcludedPoints& excluded) {
  const Eigen::Index d = space.size();
  if (options.n_candidates < 0 || options.n_candidates + starting_points.rows() < 1)
    throw std::invalid_argument("maximize_acquisition: at least one candidate or starting point is needed");
  if (options.n_perturbed_candidates < 0 || !(options.perturbation_scale >= 0.0))
    throw std::invalid_argument("maximize_acquisition: n_perturbed_candidates and perturbation_scale must be >= 0");
  const auto n_local = static_cast<Eigen::Index>(std::max(options.n_local_searches, 1));
  const std::vector<Candidate> starts =
      best_candidates(acquisition, space, starting_points, options, seed, excluded, n_local);
  if (starts.empty()) return {Eigen::VectorXd(0), kExcludedValue, false};

  std::vector<Eigen::Index> continuous_dims;
  std::vector<Eigen::Index> discrete_dims;
  for (Eigen::Index j = 0; j < d; ++j) {
    if (space.is_continuous(j))
      continuous_dims.push_back(j);
    else if (space.dimension(j).kind != DimensionKind::kContinuous && space.n_values(j) > 1)
      discrete_dims.push_back(j);
  }

  std::vector<AcqOptimum> refined(starts.size());
  parallel_for(starts.size(), options.n_threads, [&](std::size_t s) {
    // Once cancelled, the remaining searches are skipped, not each thrown out of (a million
    // exceptions take seconds); the Cancelled comes after.
    if (options.cancelled && options.cancelled()) return;
    Eigen::VectorXd point = starts[s].point;
    double value = starts[s].value;
    for (int round = 0; round < options.max_rounds; ++round) {
      const double before = value;
      if (!continuous_dims.empty()) refine_continuous(acquisition, continuous_dims, options, excluded, point, value);
      for (const Eigen::Index dim : discrete_dims)
        refine_discrete(acquisition, space, dim, options, excluded, point, value);
      // Continuous moves alone converge in one round; coordinate moves need several.
      if (!(value > before) || discrete_dims.empty()) break;
    }
    refined[s] = {point, value, true};
  });
  throw_if_cancelled(options.cancelled);
  AcqOptimum best = refined.front();
  for (const AcqOptimum& optimum : refined)
    if (optimum.value > best.value) best = optimum;
  best.point = space.snap(Eigen::MatrixXd(best.point.transpose())).row(0).transpose();
  return best;
}

}  // namespace gfo::gp
