"""For every test: the programs in scripts/ import as modules (make_student, make_handouts)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
