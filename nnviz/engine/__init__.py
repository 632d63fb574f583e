"""The NumPy teaching engine. Never imports Qt (a test enforces it)."""

from . import datasets, events
from .activations import ACTIVATIONS, Activation, get_activation
from .grid import grid_outputs, grid_points
from .losses import LOSSES, Loss, get_loss
from .network import Dense, Network
from .optimizers import OPTIMIZERS, Optimizer
from .trace import StepTrace
from .trainer import DivergedError, History, Trainer, accuracy
from .units import McCullochPitts, Perceptron

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation", "LOSSES", "Loss", "get_loss", "Dense",
    "Network", "OPTIMIZERS", "Optimizer", "StepTrace", "Trainer", "History", "DivergedError",
    "accuracy", "events", "datasets", "grid_outputs", "grid_points", "McCullochPitts",
    "Perceptron",
]
