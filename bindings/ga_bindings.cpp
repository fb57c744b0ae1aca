#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <climits>
#include <cmath>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "checks.hpp"
#include "gfo/ga/breed.hpp"
#include "gfo/ga/dominance.hpp"
#include "gfo/ga/selection.hpp"
#include "interrupt.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

const EnumTable<gfo::ga::SelectionKind>& selection_kinds() {
  static const EnumTable<gfo::ga::SelectionKind> table{{"TOURNAMENT", gfo::ga::SelectionKind::kTournament},
                                                       {"ROULETTE", gfo::ga::SelectionKind::kRoulette}};
  return table;
}

const EnumTable<gfo::ga::CrossoverKind>& crossover_kinds() {
  static const EnumTable<gfo::ga::CrossoverKind> table{{"UNIFORM", gfo::ga::CrossoverKind::kUniform},
                                                       {"SINGLE_POINT", gfo::ga::CrossoverKind::kSinglePoint},
                                                       {"MULTI_POINT", gfo::ga::CrossoverKind::kMultiPoint},
                                                       {"SBX", gfo::ga::CrossoverKind::kSBX},
                                                       {"BLX_ALPHA", gfo::ga::CrossoverKind::kBLXAlpha}};
  return table;
}

const EnumTable<gfo::ga::MutationKind>& mutation_kinds() {
  static const EnumTable<gfo::ga::MutationKind> table{{"GAUSSIAN", gfo::ga::MutationKind::kGaussian},
                                                      {"POLYNOMIAL", gfo::ga::MutationKind::kPolynomial}};
  return table;
}

std::tuple<Eigen::VectorXd, Eigen::Index, Eigen::Index> breed(const gfo::SearchSpace& space,
                                                              const Eigen::MatrixXd& population,
                                                              const Eigen::VectorXd& fitness,
                                                              gfo::ga::BreedOptions options, std::uint64_t seed) {
  require_rows(fitness.size(), population.rows(), "fitness", "population member");
  require_finite(population, "population");
  require_no_nan(fitness, "fitness");
  options.cancelled = interrupt_check();
  const py::gil_scoped_release release;
  const gfo::ga::Offspring offspring = gfo::ga::breed(space, population, fitness, options, seed);
  return {offspring.child, offspring.parent_a, offspring.parent_b};
}

std::vector<Eigen::Index> elite_indices(const Eigen::VectorXd& fitness, const py::int_& elite_size) {
  require_no_nan(fitness, "fitness");
  return gfo::ga::elite_indices(fitness, static_cast<int>(checked_integer(elite_size, 0, INT_MAX, "elite_size")));
}

// A setter of a real-valued option, checked to lie in (low, kMaxShapeParameter] (in [low, kMaxShapeParameter] when
// `low_included`).
template <typename Field>
auto real_setter(Field field, double low, bool low_included, const char* name) {
  return [=](gfo::ga::BreedOptions& o, double value) {
    if (low_included) {
      require_in_range(value, low, kMaxShapeParameter, name);
    } else {
      require_above(value, low, kMaxShapeParameter, name);
    }
    field(o) = value;
  };
}

}  // namespace

void bind_ga(py::module_& module) {
  bind_enum(module, "SelectionKind", selection_kinds());
  bind_enum(module, "CrossoverKind", crossover_kinds());
  bind_enum(module, "MutationKind", mutation_kinds());

  using Options = gfo::ga::BreedOptions;
  py::class_<Options>(module, "BreedOptions")
      .def(py::init<>())
      .def_property(
          "selection", [](const Options& o) { return o.selection; },
          [](Options& o, gfo::ga::SelectionKind value) {
            o.selection = checked_enum(value, selection_kinds(), "selection");
          })
      .def_property(
          "tournament_size", [](const Options& o) { return o.tournament_size; },
          [](Options& o, const py::int_& value) { o.tournament_size = checked_count(value, 1, "tournament_size"); })
      .def_property(
          "crossover", [](const Options& o) { return o.crossover; },
          [](Options& o, gfo::ga::CrossoverKind value) {
            o.crossover = checked_enum(value, crossover_kinds(), "crossover");
          })
      .def_property(
          "crossover_prob", [](const Options& o) { return o.crossover_prob; },
          [](Options& o, double value) {
            require_in_range(value, 0.0, 1.0, "crossover_prob");
            o.crossover_prob = value;
          })
      .def_property(
          "n_crossover_points", [](const Options& o) { return o.n_crossover_points; },
          [](Options& o, const py::int_& value) {
            o.n_crossover_points = checked_count(value, 1, "n_crossover_points");
          })
      .def_property(
          "sbx_eta", [](const Options& o) { return o.sbx_eta; },
          real_setter([](Options& o) -> double& { return o.sbx_eta; }, 0.0, false, "sbx_eta"))
      .def_property(
          "blx_alpha", [](const Options& o) { return o.blx_alpha; },
          real_setter([](Options& o) -> double& { return o.blx_alpha; }, 0.0, true, "blx_alpha"))
      .def_property(
          "mutation", [](const Options& o) { return o.mutation.kind; },
          [](Options& o, gfo::ga::MutationKind value) {
            o.mutation.kind = checked_enum(value, mutation_kinds(), "mutation");
          })
      .def_property(
          "mutation_prob", [](const Options& o) { return o.mutation.probability; },
          [](Options& o, double value) {
            require(!std::isnan(value) && value <= 1.0, "mutation_prob",
                    "must be in [0, 1] (negative: 1 / number of genes), got " + format(value));
            o.mutation.probability = value;
          })
      .def_property(
          "gaussian_sigma", [](const Options& o) { return o.mutation.gaussian_sigma; },
          real_setter([](Options& o) -> double& { return o.mutation.gaussian_sigma; }, 0.0, false, "gaussian_sigma"))
      .def_property(
          "polynomial_eta", [](const Options& o) { return o.mutation.polynomial_eta; },
          real_setter([](Options& o) -> double& { return o.mutation.polynomial_eta; }, 0.0, false, "polynomial_eta"));

  module.def("breed", &breed, py::arg("space"), py::arg("population"), py::arg("fitness"), py::arg("options"),
             py::arg("seed"),
             "Breed one child: (child in core coordinates, parent row a, parent row b). Runs without the GIL; "
             "Ctrl-C stops it (KeyboardInterrupt).");
  module.def("elite_indices", &elite_indices, py::arg("fitness"), py::arg("elite_size"),
             "Rows of the elite_size fittest members (lowest fitness), best first.");
  module.def("survival_ranks", &gfo::ga::survival_ranks, py::arg("objectives"), py::arg("violations"),
             py::call_guard<py::gil_scoped_release>(),
             "NSGA-II survival order of each row (0 = best): constrained non-domination front, "
             "then larger crowding distance. objectives: minimized, one column each; violations: "
             "total constraint violation per row (0 when feasible).");
}

}  // namespace gfo_bindings
