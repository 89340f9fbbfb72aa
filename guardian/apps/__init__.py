"""App rules enforced: the process monitor, executable hashes, and the guard that ends apps."""
