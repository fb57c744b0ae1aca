#include "gfo/common/lbfgs.hpp"

#include <nlopt.h>

#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <stdexcept>

namespace gfo {
namespace {

struct NloptDeleter {
  void operator()(nlopt_opt opt) const { nlopt_destroy(opt); }
};
using NloptHandle = std::unique_ptr<std::remove_pointer_t<nlopt_opt>, NloptDeleter>;

struct CallbackState {
  const DifferentiableFunction* function;
  const CancellationCheck* cancelled;
  Eigen::VectorXd gradient;
  MinimizeResult best;
  std::exception_ptr error;
  nlopt_opt opt;
};

double callback(unsigned n, const double* x, double* grad, void* data) {
  auto* state = static_cast<CallbackState*>(data);
  try {
    throw_if_cancelled(*state->cancelled);
    const Eigen::Map<const Eigen::VectorXd> point(x, n);
    const double value = (*state->function)(point, state->gradient);
    ++state->best.evaluations;
    if (grad != nullptr) Eigen::Map<Eigen::VectorXd>(grad, n) = state->gradient;
    if (std::isfinite(value) && value < state->best.value) {
      state->best.value = value;
      state->best.x = point;
    }
    return std::isfinite(value) ? value : std::numeric_limits<double>::max();
  } catch (...) {
    // An exception must not unwind through NLopt's C frames: stop it and rethrow afterwards.
    state->error = std::current_exception();
    nlopt_force_stop(state->opt);
    return 0.0;
  }
}

}  // namespace

MinimizeResult minimize_in_box(const DifferentiableFunction& function, const Eigen::VectorXd& start,
                               const Eigen::VectorXd& lower, const Eigen::VectorXd& upper, int max_evaluations,
                               double relative_tolerance, const CancellationCheck& cancelled) {
  const auto n = static_cast<unsigned>(start.size());
  NloptHandle opt(nlopt_create(NLOPT_LD_LBFGS, n));
  if (!opt) throw std::runtime_error("NLopt: could not create an L-BFGS optimizer");
  nlopt_set_lower_bounds(opt.get(), lower.data());
  nlopt_set_upper_bounds(opt.get(), upper.data());
  nlopt_set_maxeval(opt.get(), max_evaluations);
  nlopt_set_ftol_rel(opt.get(), relative_tolerance);

  CallbackState state{&function, &cancelled, Eigen::VectorXd::Zero(start.size()), {}, nullptr, opt.get()};
  state.best.value = std::numeric_limits<double>::infinity();
  state.best.x = start.cwiseMax(lower).cwiseMin(upper);
  nlopt_set_min_objective(opt.get(), callback, &state);

  Eigen::VectorXd x = state.best.x;
  double value = 0.0;
  nlopt_optimize(opt.get(), x.data(), &value);  // any stop reason is fine: we keep the best point
  if (state.error) std::rethrow_exception(state.error);
  return state.best;
}

}  // namespace gfo
