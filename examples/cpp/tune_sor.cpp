// Tunes a C++ routine with Optuna, from C++: the relaxation factor, the residual-check interval and
// the sweep ordering of an SOR solver (sor_solver.hpp), to solve a Poisson problem with the least
// work. One study with GPEISampler, then one with GASampler, both stored in one SQLite file that
// optuna-dashboard can show. Running the program again continues both studies.
//
//   gfo_tune_example [STORAGE_URL] [N_TRIALS]
//   (defaults: sqlite:///gfo_cpp_example.db in the current directory, 40 trials per study)

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "gfo/embed/optuna.hpp"
#include "sor_solver.hpp"

namespace {

namespace gfo_optuna = gfo::optuna;
using sor_example::Ordering;

constexpr int kGridSize = 24;  // interior points per side
constexpr double kTolerance = 1e-8;
constexpr std::int64_t kMaxSweeps = 3000;

const std::map<std::string, Ordering> kOrderings = {
    {"lexicographic", Ordering::kLexicographic},
    {"red_black", Ordering::kRedBlack},
    {"symmetric", Ordering::kSymmetric},
};

// One trial: the solver's settings from the sampler, its work (sweeps + residual checks) back.
void run_trial(gfo_optuna::Trial& trial) {
  sor_example::SorSettings settings;
  settings.omega = trial.suggest_float("omega", 1.0, 1.99);
  settings.check_every = trial.suggest_int("check_every", 1, 50);
  settings.ordering = kOrderings.at(
      trial.suggest_categorical("ordering", {"lexicographic", "red_black", "symmetric"}));
  const sor_example::SorResult result =
      sor_example::solve_poisson_sor(kGridSize, settings, kTolerance, kMaxSweeps);
  trial.set_user_attr("sweeps", result.sweeps);
  trial.set_user_attr("residual_checks", result.residual_checks);
  trial.set_user_attr("converged", result.converged);
  if (!std::isfinite(result.relative_residual)) {
    trial.tell_failed();
    return;
  }
  // Not converged within kMaxSweeps: the capped work is still a (bad) value worth learning from.
  trial.tell(sor_example::work(result));
}

void tune(const gfo_optuna::Runtime& runtime, const std::string& storage,
          const std::string& study_name, const gfo_optuna::SamplerSpec& sampler,
          const int n_trials) {
  gfo_optuna::StudyOptions options;
  options.storage = storage;
  options.study_name = study_name;
  options.sampler = sampler;
  options.load_if_exists = true;
  gfo_optuna::Study study = runtime.create_study(options);
  for (int i = 0; i < n_trials; ++i) {
    gfo_optuna::Trial trial = study.ask();
    run_trial(trial);
  }
  std::cout << study_name << " (" << sampler.name << ", " << study.trials().size()
            << " trials in the study): best work " << study.best_value() << " with";
  for (const auto& [name, value] : study.best_params()) std::cout << ' ' << name << '=' << value;
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  const std::string storage = argc > 1 ? argv[1] : "sqlite:///gfo_cpp_example.db";
  const int n_trials = argc > 2 ? std::atoi(argv[2]) : 40;
  if (n_trials < 1) {
    std::cerr << "usage: " << argv[0] << " [STORAGE_URL] [N_TRIALS >= 1]\n";
    return 2;
  }
  try {
    gfo_optuna::RuntimeOptions runtime_options;
    runtime_options.optuna_verbosity = gfo_optuna::Verbosity::kWarning;
    const gfo_optuna::Runtime runtime(runtime_options);

    const double h = 1.0 / (kGridSize + 1);
    const double pi = std::acos(-1.0);
    std::cout << "SOR on a " << kGridSize << "x" << kGridSize << " Poisson problem, tolerance "
              << kTolerance
              << "; textbook optimal omega 2 / (1 + sin(pi h)) = " << 2.0 / (1.0 + std::sin(pi * h))
              << "\n";
    const sor_example::SorResult gauss_seidel =
        sor_example::solve_poisson_sor(kGridSize, {}, kTolerance, kMaxSweeps);
    std::cout << "Gauss-Seidel (omega = 1, residual checked every sweep): work "
              << sor_example::work(gauss_seidel) << "\n";

    tune(runtime, storage, "sor-gpei", {"GPEISampler", {{"seed", 0}}}, n_trials);
    tune(runtime, storage, "sor-ga", {"GASampler", {{"seed", 0}, {"population_size", 10}}},
         n_trials);
    std::cout << "Stored in " << storage << "; browse with: optuna-dashboard " << storage << "\n";
  } catch (const gfo_optuna::PythonError& error) {
    std::cerr << error.traceback() << "Python error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
