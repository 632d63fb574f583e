"""The NumPy teaching engine. Never imports Qt (a test enforces it)."""

from . import events
from .activations import ACTIVATIONS, Activation, get_activation
from .losses import LOSSES, Loss, get_loss
from .network import Dense, Network
from .optimizers import OPTIMIZERS, Optimizer
from .trace import StepTrace
from .trainer import DivergedError, History, Trainer, accuracy

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation", "LOSSES", "Loss", "get_loss", "Dense",
    "Network", "OPTIMIZERS", "Optimizer", "StepTrace", "Trainer", "History", "DivergedError",
    "accuracy", "events",
]
