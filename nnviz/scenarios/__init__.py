"""The scenario registry: name → module, in syllabus order.

Each module defines one Scenario subclass named in `_MODULES` below. Modules are imported
only when a scenario is asked for, so start-up stays fast.
"""

from __future__ import annotations

import importlib

# the syllabus order: the historical path first, then the topics around it
ORDER = ["mcculloch-pitts", "perceptron", "xor", "mlp", "neuron", "activations",
         "gradient-descent", "representation", "softmax", "regularization", "gradients"]

# name → (module, class name)
_MODULES: dict[str, tuple[str, str]] = {
    "mcculloch-pitts": ("mcculloch_pitts", "McCullochPittsScenario"),
    "perceptron": ("perceptron", "PerceptronScenario"),
    "xor": ("xor", "XorScenario"),
    "mlp": ("mlp", "MlpScenario"),
    "neuron": ("neuron", "NeuronScenario"),
    "activations": ("activations_scenario", "ActivationsScenario"),
    "gradient-descent": ("gradient_descent", "GradientDescentScenario"),
    "representation": ("representation", "RepresentationScenario"),
    "softmax": ("softmax_scenario", "SoftmaxScenario"),
    "regularization": ("regularization", "RegularizationScenario"),
    "gradients": ("gradients", "GradientsScenario"),
}


def names() -> list[str]:
    """Scenario names in syllabus order."""
    return sorted(_MODULES, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def get(name: str):
    """The Scenario class called `name`; ValueError listing the valid names otherwise."""
    try:
        module, cls = _MODULES[name]
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}; valid names: {', '.join(_MODULES)}") from None
    return getattr(importlib.import_module(f"nnviz.scenarios.{module}"), cls)


def create(name: str, parent=None):
    return get(name)(parent)
