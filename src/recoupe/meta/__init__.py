"""recoupe.meta: document metadata stages (language, publication date, outlet/bylines).

Import the stages from their modules or from here; nothing heavy loads until setup().
"""

from __future__ import annotations

from recoupe.meta.dates import DateStage, parse_date
from recoupe.meta.language import LanguageStage
from recoupe.meta.outlet import OutletStage

__all__ = ["DateStage", "LanguageStage", "OutletStage", "parse_date"]
