"""Real tuning workloads of the quality suite: validation error of models on shipped data sets.

scikit-learn models are scored by 3-fold cross-validation on the data sets scikit-learn ships
(fixed shuffled folds); the torch network by its error on a fixed held-out third of the digits.
Every objective is deterministic (fixed folds, ``random_state`` and torch seed, one thread), so
that samplers, not noise, make the differences. No optimum is known: ``optimum`` is None.
scikit-learn and torch are imported when a workload first runs.
"""

from __future__ import annotations

from collections.abc import Callable
import functools
from typing import Any

import numpy as np
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution

from suite_problems import Problem
from suite_problems import trials_for


@functools.cache
def _data(name: str) -> tuple[np.ndarray, np.ndarray]:
    import sklearn.datasets

    loader = getattr(sklearn.datasets, f"load_{name}")
    x, y = loader(return_X_y=True)
    return np.asarray(x, dtype=float), np.asarray(y)


def _cv_error(model: Any, data: str, classification: bool) -> float:
    """1 - accuracy (classification) or mean squared error / variance, over 3 fixed folds."""
    from sklearn.model_selection import cross_val_score
    from sklearn.model_selection import KFold
    from sklearn.model_selection import StratifiedKFold

    x, y = _data(data)
    if classification:
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
        return 1.0 - float(np.mean(cross_val_score(model, x, y, cv=folds)))
    folds = KFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(model, x, y, cv=folds, scoring="neg_mean_squared_error")
    return float(-np.mean(scores) / np.var(y))


def _tuning(
    name: str, space: dict[str, BaseDistribution], function: Callable[[dict[str, Any]], float]
) -> Problem:
    return Problem(name, "tuning", space, function, None, trials_for(len(space)))


def svm_breast_cancer() -> Problem:
    def function(params: dict[str, Any]) -> float:
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC

        model = make_pipeline(StandardScaler(), SVC(C=params["C"], gamma=params["gamma"]))
        return _cv_error(model, "breast_cancer", classification=True)

    space: dict[str, BaseDistribution] = {
        "C": FloatDistribution(1e-2, 1e3, log=True),
        "gamma": FloatDistribution(1e-5, 1.0, log=True),
    }
    return _tuning("svm_breast_cancer", space, function)


def forest_wine() -> Problem:
    def function(params: dict[str, Any]) -> float:
        from sklearn.ensemble import RandomForestClassifier

        model = RandomForestClassifier(random_state=0, n_jobs=1, **params)
        return _cv_error(model, "wine", classification=True)

    space: dict[str, BaseDistribution] = {
        "n_estimators": IntDistribution(5, 60),
        "max_depth": IntDistribution(1, 12),
        "max_features": FloatDistribution(0.05, 1.0),
        "min_samples_leaf": IntDistribution(1, 10),
        "criterion": CategoricalDistribution(["gini", "entropy"]),
    }
    return _tuning("forest_wine", space, function)


def boosting_diabetes() -> Problem:
    def function(params: dict[str, Any]) -> float:
        from sklearn.ensemble import GradientBoostingRegressor

        model = GradientBoostingRegressor(random_state=0, **params)
        return _cv_error(model, "diabetes", classification=False)

    space: dict[str, BaseDistribution] = {
        "n_estimators": IntDistribution(10, 100, log=True),
        "learning_rate": FloatDistribution(1e-3, 1.0, log=True),
        "max_depth": IntDistribution(1, 6),
        "subsample": FloatDistribution(0.5, 1.0),
        "min_samples_leaf": IntDistribution(1, 30),
    }
    return _tuning("boosting_diabetes", space, function)


def knn_digits() -> Problem:
    def function(params: dict[str, Any]) -> float:
        from sklearn.neighbors import KNeighborsClassifier

        return _cv_error(KNeighborsClassifier(**params), "digits", classification=True)

    space: dict[str, BaseDistribution] = {
        "n_neighbors": IntDistribution(1, 40),
        "weights": CategoricalDistribution(["uniform", "distance"]),
        "p": IntDistribution(1, 2),
    }
    return _tuning("knn_digits", space, function)


def elastic_net_diabetes() -> Problem:
    def function(params: dict[str, Any]) -> float:
        from sklearn.linear_model import ElasticNet
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import PolynomialFeatures
        from sklearn.preprocessing import StandardScaler

        model = make_pipeline(
            PolynomialFeatures(degree=2),
            StandardScaler(),
            ElasticNet(alpha=params["alpha"], l1_ratio=params["l1_ratio"], max_iter=5000),
        )
        return _cv_error(model, "diabetes", classification=False)

    space: dict[str, BaseDistribution] = {
        "alpha": FloatDistribution(1e-4, 10.0, log=True),
        "l1_ratio": FloatDistribution(0.0, 1.0),
    }
    return _tuning("elastic_net_diabetes", space, function)


def mlp_digits() -> Problem:
    """A torch multilayer perceptron, 50 full-batch AdamW steps, error on a held-out third."""

    def function(params: dict[str, Any]) -> float:
        import torch

        torch.set_num_threads(1)
        x, y = _data("digits")
        order = np.random.default_rng(0).permutation(len(y))
        split = 2 * len(y) // 3
        mean, std = x[order[:split]].mean(axis=0), x[order[:split]].std(axis=0) + 1e-8
        features = torch.tensor((x - mean) / std, dtype=torch.float32)
        labels = torch.tensor(y, dtype=torch.long)
        train, valid = torch.tensor(order[:split]), torch.tensor(order[split:])
        torch.manual_seed(0)
        activation = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[params["activation"]]
        layers: list[torch.nn.Module] = []
        width_in = x.shape[1]
        for _ in range(params["n_layers"]):
            layers += [torch.nn.Linear(width_in, params["width"]), activation()]
            width_in = params["width"]
        network = torch.nn.Sequential(*layers, torch.nn.Linear(width_in, 10))
        optimizer = torch.optim.AdamW(
            network.parameters(), lr=params["lr"], weight_decay=params["weight_decay"]
        )
        for _ in range(50):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(network(features[train]), labels[train])
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            predicted = network(features[valid]).argmax(dim=1)
        error = float((predicted != labels[valid]).float().mean())
        return error if np.isfinite(error) else 1.0

    space: dict[str, BaseDistribution] = {
        "n_layers": IntDistribution(1, 3),
        "width": IntDistribution(8, 128, log=True),
        "lr": FloatDistribution(1e-4, 1.0, log=True),
        "weight_decay": FloatDistribution(1e-6, 1e-1, log=True),
        "activation": CategoricalDistribution(["relu", "tanh"]),
    }
    return _tuning("mlp_digits", space, function)


TUNING: dict[str, Problem] = {
    problem.name: problem
    for problem in (
        svm_breast_cancer(),
        forest_wine(),
        boosting_diabetes(),
        knn_digits(),
        elastic_net_diabetes(),
        mlp_digits(),
    )
}
