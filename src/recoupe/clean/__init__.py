"""recoupe.clean: boilerplate removal (CleanStage) and page splitting (SplitStage).

Importing this package stays cheap: trafilatura and lxml are imported only when an HTML
page is cleaned.
"""

from recoupe.clean.boilerplate import CleanStage
from recoupe.clean.split import SplitStage

__all__ = ["CleanStage", "SplitStage"]
