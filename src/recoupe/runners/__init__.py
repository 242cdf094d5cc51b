"""Where document stages run: in this process, or in a pool of worker processes.

Corpus stages always run in the main process, against the store. Nothing else belongs
here. A Ray runner (cluster) would take the same shape: ``map(batches) -> results``.
"""

from recoupe.runners.local import InProcessRunner, ProcessPoolRunner, Runner, make_runner

__all__ = ["InProcessRunner", "ProcessPoolRunner", "Runner", "make_runner"]
