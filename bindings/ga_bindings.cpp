#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <tuple>

#include "bindings.hpp"
#include "gfo/ga/breed.hpp"
#include "gfo/ga/dominance.hpp"
#include "gfo/ga/selection.hpp"

namespace py = pybind11;

namespace gfo_bindings {
namespace {

std::tuple<Eigen::VectorXd, Eigen::Index, Eigen::Index> breed(const gfo::SearchSpace& space,
                                                              const Eigen::MatrixXd& population,
                                                              const Eigen::VectorXd& fitness,
                                                              const gfo::ga::BreedOptions& options,
                                                              std::uint64_t seed) {
  const gfo::ga::Offspring offspring = gfo::ga::breed(space, population, fitness, options, seed);
  return {offspring.child, offspring.parent_a, offspring.parent_b};
}

}  // namespace

void bind_ga(py::module_& module) {
  py::enum_<gfo::ga::SelectionKind>(module, "SelectionKind")
      .value("TOURNAMENT", gfo::ga::SelectionKind::kTournament)
      .value("ROULETTE", gfo::ga::SelectionKind::kRoulette);
  py::enum_<gfo::ga::CrossoverKind>(module, "CrossoverKind")
      .value("UNIFORM", gfo::ga::CrossoverKind::kUniform)
      .value("SINGLE_POINT", gfo::ga::CrossoverKind::kSinglePoint)
      .value("MULTI_POINT", gfo::ga::CrossoverKind::kMultiPoint)
      .value("SBX", gfo::ga::CrossoverKind::kSBX)
      .value("BLX_ALPHA", gfo::ga::CrossoverKind::kBLXAlpha);
  py::enum_<gfo::ga::MutationKind>(module, "MutationKind")
      .value("GAUSSIAN", gfo::ga::MutationKind::kGaussian)
      .value("POLYNOMIAL", gfo::ga::MutationKind::kPolynomial);

  py::class_<gfo::ga::BreedOptions>(module, "BreedOptions")
      .def(py::init<>())
      .def_readwrite("selection", &gfo::ga::BreedOptions::selection)
      .def_readwrite("tournament_size", &gfo::ga::BreedOptions::tournament_size)
      .def_readwrite("crossover", &gfo::ga::BreedOptions::crossover)
      .def_readwrite("crossover_prob", &gfo::ga::BreedOptions::crossover_prob)
      .def_readwrite("n_crossover_points", &gfo::ga::BreedOptions::n_crossover_points)
      .def_readwrite("sbx_eta", &gfo::ga::BreedOptions::sbx_eta)
      .def_readwrite("blx_alpha", &gfo::ga::BreedOptions::blx_alpha)
      .def_property(
          "mutation", [](const gfo::ga::BreedOptions& o) { return o.mutation.kind; },
          [](gfo::ga::BreedOptions& o, gfo::ga::MutationKind kind) { o.mutation.kind = kind; })
      .def_property(
          "mutation_prob", [](const gfo::ga::BreedOptions& o) { return o.mutation.probability; },
          [](gfo::ga::BreedOptions& o, double value) { o.mutation.probability = value; })
      .def_property(
          "gaussian_sigma", [](const gfo::ga::BreedOptions& o) { return o.mutation.gaussian_sigma; },
          [](gfo::ga::BreedOptions& o, double value) { o.mutation.gaussian_sigma = value; })
      .def_property(
          "polynomial_eta", [](const gfo::ga::BreedOptions& o) { return o.mutation.polynomial_eta; },
          [](gfo::ga::BreedOptions& o, double value) { o.mutation.polynomial_eta = value; });

  module.def("breed", &breed, py::arg("space"), py::arg("population"), py::arg("fitness"),
             py::arg("options"), py::arg("seed"), py::call_guard<py::gil_scoped_release>(),
             "Breed one child: (child in core coordinates, parent row a, parent row b).");
  module.def("elite_indices", &gfo::ga::elite_indices, py::arg("fitness"), py::arg("elite_size"),
             "Rows of the elite_size fittest members (lowest fitness), best first.");
  module.def("survival_ranks", &gfo::ga::survival_ranks, py::arg("objectives"), py::arg("violations"),
             py::call_guard<py::gil_scoped_release>(),
             "NSGA-II survival order of each row (0 = best): constrained non-domination front, "
             "then larger crowding distance. objectives: minimized, one column each; violations: "
             "total constraint violation per row (0 when feasible).");
}

}  // namespace gfo_bindings
